"""``orgarchive serve`` in a real browser, used as a person would: headless
Chromium opens the structure page, moves the date slider with the keyboard
and the mouse, goes back, follows a unit to its history, reads what is on
screen, and takes screenshots (desktop and phone width) into the test's
folder, or into $ORGARCHIVE_SCREENSHOTS to be looked at.

Fails (never skips) under CI when Chromium is missing: .ci/run installs it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from orgarchive.services import Archive
from orgarchive.web.server import make_server, server_url
from tests.cdp import Browser
from tests.test_report_html_browser import png_size


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled ICE archive served on a free loopback port."""
    url = f"sqlite:///{tmp_path_factory.mktemp('site') / 'ice.db'}"
    archive = Archive.init(url)
    server = make_server(archive, "127.0.0.1", 0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server_url(server, "127.0.0.1")
    server.close()
    thread.join(timeout=10)
    archive.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    chrome = Browser(tmp_path / "profile")
    chrome.size(1280, 1000)
    yield chrome
    chrome.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ORGARCHIVE_SCREENSHOTS", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def heading(browser: Browser) -> str:
    return str(browser.run("document.querySelector('h1').textContent.trim()"))


def address(browser: Browser) -> str:
    return str(browser.run("location.pathname + location.search"))


def test_slider_steps_through_dates_and_a_unit_opens_its_history(
    site: str, browser: Browser, shots: Path
) -> None:
    browser.open(site + "ICE?at=2009-01-01")
    assert heading(browser) == "ICE on 2009-01-01"
    assert browser.run("document.querySelector('.slider').hidden") is False
    assert browser.run("document.getElementById('slider-date').textContent") == "2008-11-05"
    assert "Office of Investigations (OI)" in browser.run("document.getElementById('tree')"
                                                          ".innerText")
    browser.screenshot(shots / "structure-2009.png")

    # The keyboard: focus the slider, one step right is the next date (an event).
    browser.run("document.getElementById('slider').focus()")
    browser.navigation(lambda: browser.key("ArrowRight", 39))
    assert address(browser) == "/ICE?at=2009-08-06"
    assert heading(browser) == "ICE on 2009-08-06"
    # Three more: FPS leaves (2009-10-28), the realignment (2010-06-01), the 2010-07-08 page.
    for _ in range(3):
        browser.run("document.getElementById('slider').focus()")
        browser.navigation(lambda: browser.key("ArrowRight", 39))
    assert address(browser) == "/ICE?at=2010-07-08"
    tree = browser.run("document.getElementById('tree').innerText")
    assert "Homeland Security Investigations" in tree
    assert "Office of Investigations (OI)" not in tree
    browser.screenshot(shots / "structure-2010.png")

    # The mouse: a click at the right end of the slider jumps to the latest date.
    right = browser.run("(() => { const r = document.getElementById('slider')"
                        ".getBoundingClientRect(); return [r.right - 3, r.y + r.height / 2]; })()")
    browser.navigation(lambda: browser.click_at(right[0], right[1]))
    assert address(browser) == "/ICE?at=2021-07-06"

    # The back button returns to the date before, as its address says.
    browser.navigation(lambda: browser.run("history.back()"))
    assert address(browser) == "/ICE?at=2010-07-08"
    assert heading(browser) == "ICE on 2010-07-08"
    # ... with the slider where that date is, not where it was pulled to.
    assert browser.run("document.getElementById('slider-date').textContent") == "2010-07-08"

    # A unit's name opens its history.
    browser.navigation(lambda: browser.click('#tree a[href="/ICE/units/hsi"]'))
    assert address(browser) == "/ICE/units/hsi"
    assert heading(browser) == "Homeland Security Investigations (HSI)"
    names = browser.run("document.getElementById('names').innerText")
    assert "Office of Investigations" in names and "Homeland Security Investigations" in names
    assert browser.run("document.querySelectorAll('svg.lineage g.box').length") >= 3
    browser.screenshot(shots / "unit-hsi.png")

    assert browser.problems() == []
    # Nothing from the network: every address asked for is this server's (the browser's
    # own date-picker icon comes as a data: address).
    asked = [u for u in browser.requested() if not u.startswith("data:")]
    assert asked and all(u.startswith(site) for u in asked), asked


def test_plain_links_work_without_the_script(site: str, browser: Browser) -> None:
    """The next-date link and the date form take the reader there too."""
    browser.call("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.open(site + "ICE?at=2009-01-01")
    assert browser.run("document.querySelector('.slider').hidden") is True
    browser.navigation(lambda: browser.click('a[rel="next"]'))
    assert address(browser) == "/ICE?at=2009-08-06"
    browser.run("document.getElementById('at').value = '2013-03-01'")
    browser.navigation(lambda: browser.click("form.when button"))
    assert address(browser) == "/ICE?at=2013-03-01"
    assert heading(browser) == "ICE on 2013-03-01"


def test_the_keyboard_reaches_the_page(site: str, browser: Browser) -> None:
    browser.open(site + "ICE/units/oi")
    browser.key("Tab", 9)
    assert browser.run("document.activeElement.textContent") == "Skip to content"
    browser.key("Enter", 13)  # follows the skip link: the same page, scrolled
    assert browser.run("location.hash") == "#content"
    # Tabbing on from the top reaches the site's navigation, then the page's links.
    reached = []
    for _ in range(12):
        browser.key("Tab", 9)
        reached.append(browser.run("document.activeElement.getAttribute('href')"))
    assert "/ICE/diff" in reached or "/ICE?at=2008-11-05#u-oi" in reached


@pytest.mark.parametrize("path,name", [
    ("ICE?at=2010-07-08", "phone-structure"),
    ("ICE/units/oi", "phone-unit"),
    ("ICE/diff?from=2008-12-01&to=2021-12-01", "phone-diff"),
    ("ICE/search?q=investigations", "phone-search"),
])
def test_readable_at_phone_width(site: str, browser: Browser, shots: Path, path: str,
                                 name: str) -> None:
    browser.size(390, 844, mobile=True)
    browser.open(site + path)
    # No sideways scrolling of the page itself (wide tables and diagrams scroll in place).
    assert browser.run("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert browser.run("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)") >= 18
    shot = browser.screenshot(shots / f"{name}.png")
    assert png_size(shot) == (390, 844)
    assert browser.problems() == []


def test_the_report_and_the_diff_render(site: str, browser: Browser, shots: Path) -> None:
    browser.open(site + "ICE/report?from=2008-01-01&to=2022-01-01")
    assert heading(browser) == "ICE: organizational changes, 2008-01-01 to 2022-01-01"
    assert browser.run("document.querySelectorAll('#lineage g.unit').length") > 10
    browser.screenshot(shots / "report.png")
    browser.open(site + "ICE/diff?from=2008-12-01&to=2021-12-01")
    rows = browser.run("document.querySelectorAll('table.changes tbody tr').length")
    assert rows >= 3
    browser.screenshot(shots / "diff.png")
    assert browser.problems() == []
