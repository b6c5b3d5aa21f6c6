// orgarchive serve: a little help for the pages, which work as plain links without it.
"use strict";
(function () {
  // The date slider: each stop is a snapshot or curated event date; letting go
  // (or an arrow key) opens the structure on that date, a new address each time.
  var slider = document.getElementById("slider");
  if (slider) {
    var box = slider.closest(".slider");
    var dates = slider.getAttribute("data-dates").split(" ");
    var out = document.getElementById("slider-date");
    var base = box.getAttribute("data-base");
    var current = slider.value;
    var show = function () {
      var day = dates[Number(slider.value)];
      out.textContent = day;
      slider.setAttribute("aria-valuetext", day);
      return day;
    };
    slider.addEventListener("input", show);
    // Back to this page from the browser's cache: the slider as the page's date says.
    window.addEventListener("pageshow", function () {
      slider.value = slider.defaultValue;
      current = slider.value;
      show();
    });
    slider.addEventListener("change", function () {
      if (slider.value === current) { return; }
      current = slider.value;
      window.location.assign(base + "?at=" + encodeURIComponent(show()));
    });
    box.hidden = false;
  }

  // Expand or collapse the whole tree.
  var branches = document.querySelectorAll("ul.org details");
  Array.prototype.forEach.call(document.querySelectorAll("[data-tree]"), function (button) {
    button.closest(".tools").hidden = branches.length === 0;
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-tree") === "open";
      Array.prototype.forEach.call(branches, function (d) {
        d.open = open;
      });
    });
  });

  // A unit named in the address (#u-KEY) is shown: its branches open.
  var reveal = function () {
    if (!window.location.hash) { return; }
    var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (!target) { return; }
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    target.classList.add("hit");
    target.scrollIntoView({ block: "center" });
  };
  window.addEventListener("hashchange", reveal);
  reveal();
}());
