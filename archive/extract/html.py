"""HTML of a web-archive capture to blocks, with a real parser (lxml's libxml2).

Scripts, styles, forms and the page's navigation, header, footer and side
bars are dropped; headings (``h1``–``h6``, ``dt``, a paragraph that is all
bold) become heading blocks, other block elements prose or short lines, and a
block that is nothing but links becomes a link block. Broken markup is
whatever the parser makes of it: libxml2's HTML parser recovers from bad tags
and never raises on them.

lxml rather than BeautifulSoup: BeautifulSoup took 1.8 s per 2 MB with its
lxml builder and 4.3 s per 2 MB with html.parser (about 18 s and 43 s for a
20 MB page); lxml alone parses 20 MB in under a second.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from lxml import etree

from .blocks import MAX_HEADING_CHARS, Block, BlockKind, classify
from .page_input import CLEAN_CONTROLS
from .people import split_person_line

_DROP = frozenset(
    "script style noscript template nav footer header aside form iframe svg canvas "
    "button select option textarea input label object embed map head".split()
)
_BLOCK = frozenset(
    "address article blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure h1 h2 h3 h4 h5 h6 hgroup hr html li main menu ol p pre section "
    "summary table tbody td tfoot th thead tr ul br caption".split()
)
_LAYOUT = tuple("p h1 h2 h3 h4 h5 h6 ul ol dl div table section article blockquote".split())
_LISTS = frozenset("ul ol menu dir".split())
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "dt": 0}
_FURNITURE_HINT = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|social|share|"
    r"skip|banner|masthead|cookie|search)(?:$|[-_\s])",
    re.I,
)

Item: TypeAlias = "str | etree._Element"


def html_blocks(html: str) -> tuple[list[Block], str | None]:
    """The page's blocks and its title (``<title>``, else the first ``h1``)."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return [], None
    if root is None:
        return [], None  # nothing but white space, comments or a doctype
    title_el = root.find(".//title")
    title = _text(_content(title_el)) if title_el is not None else None
    body = root.find("body")
    blocks = _Walker(body if body is not None else root).run()
    if not title:
        title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return blocks, title or None


class _Walker:
    """Walks the tree without recursion (broken pages nest thousands of unclosed
    tags deep), joining inline runs between block elements into one block. List
    items keep their nesting depth and table rows their cells."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.blocks: list[Block] = []
        self.run_text: list[str] = []
        self.run_link: list[bool] = []
        self.run_bold: list[bool] = []
        self.holds_block = _elements_holding_blocks(root)
        self.furniture_names: dict[str, bool] = {}  # class and id text -> furniture?
        self.list_depth = 0  # lists (ul, ol, menu, dir) around the current element
        self.in_item = False  # the current element is (inside) a list item

    def run(self) -> list[Block]:
        # A stack of [content list, next index, (list depth, in item) to restore].
        stack: list[tuple[list[Item], list[int], tuple[int, bool]]] = [
            (_items(self.root), [0], (0, False))
        ]
        holds_block, is_furniture = self.holds_block, self.is_furniture
        while stack:
            items, cursor, restore = stack[-1]
            if cursor[0] >= len(items):
                stack.pop()
                self.flush()  # leaving an element that held blocks ends the run
                self.list_depth, self.in_item = restore
                continue
            value = items[cursor[0]]
            cursor[0] += 1
            if isinstance(value, str):
                if not value.isspace():
                    self.add(value, link=False, bold=False)
                continue
            element = value
            name = element.tag
            if type(name) is not str or name in _DROP or is_furniture(element):
                continue
            if name == "table" and not _layout_table(element):
                self.flush()
                self.table(element)
                continue
            if name in _BLOCK:
                self.flush()
                level = _HEADING.get(name, -1)
                if level >= 0:  # h1-h6; dt is a run-in heading (level 0) of its dd
                    self.emit("heading", _text(_content(element)), level)
                elif element not in holds_block:
                    self.leaf(element, name)
                else:
                    saved = (self.list_depth, self.in_item)
                    if name in _LISTS:
                        self.list_depth += 1
                        self.in_item = False
                    elif name == "li":
                        self.in_item = True
                    stack.append((_items(element), [0], saved))
                continue
            if element in holds_block:  # broken markup: blocks inside an inline tag
                self.flush()
                stack.append((_items(element), [0], (self.list_depth, self.in_item)))
                continue
            text = _content(element)
            if text and not text.isspace():
                link = name == "a" or _all_links(element, _text(text))
                self.add(text, link=link, bold=name in ("b", "strong"))
        self.flush()
        return self.blocks

    def leaf(self, element: etree._Element, name: str) -> None:
        """A block element with no block inside: a heading, list item, link line or text."""
        text = _text(_content(element))
        if not text:
            return
        links = _all_links(element, text)
        if name == "li":
            lead = _bold_lead(element, text, short=True)
            depth = max(1, self.list_depth)
            if lead:
                self.blocks.append(Block("list", lead[1], depth=depth, label=lead[0]))
            else:
                self.blocks.append(Block("list", text, depth=depth, links=links))
            return
        lead = _bold_lead(element, text, short=True)
        if lead and split_person_line(f"{lead[0]}: {lead[1]}") is not None:
            lead = None  # "<b>Director:</b> Tim Goobic": a head's line, not a heading
        if links:
            self.emit("link", text)
        elif lead:  # "<p><b>Office of X (OX)</b>: what it does ...</p>"
            self.emit("heading", lead[0])  # a run-in heading: level 0, opens no section
            self.emit(classify(lead[1]), lead[1])
        else:
            self.emit(classify(text), text)

    def table(self, table: etree._Element) -> None:
        """Each row a block with its cells (a row of header cells only is a heading row)."""
        for row in table.iter("tr"):
            cells = [c for c in row if type(c.tag) is str and c.tag in ("td", "th")]
            texts = tuple(_text(_content(c)) for c in cells)
            if not any(texts):
                continue
            head = all(c.tag == "th" for c in cells) and (
                len([t for t in texts if t]) > 1 or row.getparent() is not None
                and row.getparent().tag == "thead"
            )
            links = all(_all_links(c, t) for c, t in zip(cells, texts, strict=True) if t)
            self.blocks.append(Block("row", " | ".join(t for t in texts if t), cells=texts,
                                     head=head, links=links))

    def is_furniture(self, element: etree._Element) -> bool:
        """Does the element's role, class or id say navigation, menu, footer, side bar...?"""
        attrib = element.attrib
        if not attrib:
            return False
        if attrib.get("role") in ("navigation", "banner", "contentinfo", "search"):
            return True
        names = f"{attrib.get('class') or ''} {attrib.get('id') or ''}"
        known = self.furniture_names.get(names)
        if known is None:  # pages repeat a few class names many times: look each up once
            known = bool(names.strip()) and bool(_FURNITURE_HINT.search(names))
            self.furniture_names[names] = known
        return known

    def add(self, text: str, *, link: bool, bold: bool) -> None:
        self.run_text.append(text)
        self.run_link.append(link)
        self.run_bold.append(bold)

    def emit(self, kind: BlockKind, text: str, level: int = 0) -> None:
        if text and not (kind == "heading" and level == 0 and len(text) > MAX_HEADING_CHARS):
            self.blocks.append(Block(kind, text, level=level))

    def flush(self) -> None:
        if not self.run_text:
            return
        text = _text(" ".join(self.run_text))
        if text:
            if self.in_item:  # the text of a list item that holds a nested list
                self.blocks.append(Block("list", text, depth=max(1, self.list_depth),
                                         links=all(self.run_link)))
            elif all(self.run_link):
                self.emit("link", text)
            elif all(self.run_bold) and len(text) <= MAX_HEADING_CHARS and text[-1:] not in ".;,":
                self.emit("heading", text)
            else:
                self.emit(classify(text), text)
        self.run_text.clear()
        self.run_link.clear()
        self.run_bold.clear()


def _layout_table(table: etree._Element) -> bool:
    """A table used to lay the page out (its cells hold headings, paragraphs, lists or
    other tables) rather than to tabulate data: its content is read as blocks."""
    for cell in table.iter("td", "th"):
        for _ in cell.iter(*_LAYOUT):
            return True
    return False


def _items(element: etree._Element) -> list[Item]:
    """An element's content in order: its text, then each child and the text after it."""
    items: list[Item] = [element.text] if element.text else []
    for child in element:
        items.append(child)
        if child.tail:
            items.append(child.tail)
    return items


def _elements_holding_blocks(root: etree._Element) -> set[etree._Element]:
    """The elements that have a block element somewhere below them (one pass).
    lxml keeps one proxy per element while a reference to it lives, so the set
    holds each element once and membership tests are by identity."""
    holding: set[etree._Element] = set()
    for element in root.iter(*_BLOCK):
        parent = element.getparent()
        while parent is not None and parent not in holding:
            holding.add(parent)
            parent = parent.getparent()
    return holding


def _bold_lead(element: etree._Element, text: str, *,
               short: bool = False) -> tuple[str, str] | None:
    """(name, rest) when a block opens with a short bold run followed by prose (SHORT:
    any text after a colon or dash will do, as in a list item "<b>Talent:</b> hires")."""
    if (element.text or "").strip() or len(element) == 0:
        return None
    first = element[0]
    if first.tag not in ("b", "strong"):
        return None
    bold = _text(_content(first))
    name = bold.rstrip(":–—-").strip()
    rest = text[len(bold):].lstrip(" :–—-").strip()
    marked = bold.endswith(":") or text[len(bold):].lstrip()[:1] in (":", "–", "—", "-")
    if not name or len(name) > MAX_HEADING_CHARS or name[-1:] in ".;,":
        return None
    if len(rest.split()) < 6 and not (short and marked and rest):
        return None
    return name, rest


def _content(element: etree._Element) -> str:
    return "".join(element.itertext())


def _all_links(element: etree._Element, text: str) -> bool:
    """True when all of ELEMENT's TEXT (white space collapsed) sits inside ``<a>``."""
    linked = 0
    for anchor in element.iter("a"):
        linked += len(_text(_content(anchor)))
    return linked > 0 and linked >= len(text)


def _text(text: str) -> str:
    # Character references (&#27;) can bring back the controls the page reader removed.
    return " ".join(text.translate(CLEAN_CONTROLS).split())
