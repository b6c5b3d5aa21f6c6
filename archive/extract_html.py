"""HTML of a web-archive capture to blocks, with a real parser (BeautifulSoup).

Scripts, styles, forms and the page's navigation, header, footer and side
bars are dropped; headings (``h1``–``h6``, a paragraph that is all bold, ``dt``)
become heading blocks, other block elements prose or short lines, and a block
that is nothing but links becomes a link block. Broken markup is whatever the
parser makes of it: html.parser never raises on bad tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString

from orgarchive.extract_blocks import MAX_HEADING_CHARS, Block, BlockKind, classify

_DROP = frozenset(
    "script style noscript template nav footer header aside form iframe svg canvas "
    "button select option textarea input label object embed map head".split()
)
_BLOCK = frozenset(
    "address article blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure h1 h2 h3 h4 h5 h6 hgroup hr html li main menu ol p pre section "
    "summary table tbody td tfoot th thead tr ul br caption".split()
)
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_FURNITURE_HINT = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|footer|sidebar|social|share|"
    r"skip|banner|masthead|cookie|search)(?:$|[-_\s])",
    re.I,
)
_SPACES = re.compile(r"\s+")


def html_blocks(html: str) -> tuple[list[Block], str | None]:
    """The page's blocks and its title (``<title>``, else the first ``h1``)."""
    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title")
    title = _text(title_tag.get_text(" ")) if isinstance(title_tag, Tag) else None
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    root = soup.body if isinstance(soup.body, Tag) else soup
    blocks = _Walker(root).run()
    if not title:
        title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return blocks, title or None


class _Walker:
    """Walks the tree without recursion (broken pages nest thousands of unclosed
    tags deep), joining inline runs between block elements into one block."""

    def __init__(self, root: Tag) -> None:
        self.root = root
        self.blocks: list[Block] = []
        self.run_text: list[str] = []
        self.run_link: list[bool] = []
        self.run_bold: list[bool] = []
        self.holds_block = _tags_holding_blocks(root)

    def run(self) -> list[Block]:
        stack: list[Iterator[object]] = [iter(list(self.root.children))]
        while stack:
            child = next(stack[-1], _END)
            if child is _END:
                stack.pop()
                self.flush()  # leaving an element that held blocks ends the run
                continue
            if isinstance(child, NavigableString):
                if str(child).strip():
                    self.add(str(child), link=False, bold=False)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _DROP or _is_furniture(child):
                continue
            if name in _BLOCK:
                self.flush()
                level = _HEADING.get(name) or (6 if name == "dt" else 0)
                if level:
                    self.emit("heading", _text(child.get_text(" ")), level)
                elif name == "li" and id(child) not in self.holds_block:
                    text = _text(child.get_text(" "))
                    self.emit("link" if _all_links(child) else "list", text)
                else:
                    stack.append(iter(list(child.children)))
                continue
            if id(child) in self.holds_block:  # broken markup: blocks inside an inline tag
                self.flush()
                stack.append(iter(list(child.children)))
                continue
            text = child.get_text(" ")
            if text.strip():
                self.add(text, link=name == "a" or _all_links(child), bold=name in ("b", "strong"))
        self.flush()
        return self.blocks

    def add(self, text: str, *, link: bool, bold: bool) -> None:
        self.run_text.append(text)
        self.run_link.append(link)
        self.run_bold.append(bold)

    def emit(self, kind: BlockKind, text: str, level: int = 0) -> None:
        if text:
            self.blocks.append(Block(kind, text, level=level))

    def flush(self) -> None:
        text = _text(" ".join(self.run_text))
        if text:
            if all(self.run_link):
                self.emit("link", text)
            elif all(self.run_bold) and len(text) <= MAX_HEADING_CHARS and text[-1:] not in ".;,":
                self.emit("heading", text, 6)
            else:
                self.emit(classify(text), text)
        self.run_text.clear()
        self.run_link.clear()
        self.run_bold.clear()


_END = object()


def _tags_holding_blocks(root: Tag) -> set[int]:
    """Ids of the tags that have a block element somewhere below them (one pass)."""
    holding: set[int] = set()
    for tag in root.find_all(list(_BLOCK)):
        parent = tag.parent
        while parent is not None and id(parent) not in holding:
            holding.add(id(parent))
            parent = parent.parent
    return holding


def _is_furniture(tag: Tag) -> bool:
    if (tag.get("role") or "") in ("navigation", "banner", "contentinfo", "search"):
        return True
    classes: object = tag.get("class") or []
    names = " ".join(str(c) for c in classes) if isinstance(classes, list) else str(classes)
    ident = str(tag.get("id") or "")
    return bool(_FURNITURE_HINT.search(names) or _FURNITURE_HINT.search(ident))


def _all_links(tag: Tag) -> bool:
    """True when every piece of text under TAG sits inside an ``<a>`` (TAG's own included)."""
    if tag.name == "a":
        return True
    for piece in tag.find_all(string=True):
        if not piece.strip():
            continue
        parent = piece.parent
        while parent is not None and parent is not tag and parent.name != "a":
            parent = parent.parent
        if parent is None or parent is tag:
            return False
    return True


def _text(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
