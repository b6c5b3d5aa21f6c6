"""A page as a sequence of blocks: headings, short lines, prose, links, list items.

Plain text and Markdown are cut here; HTML is cut by ``extract_html`` into the
same blocks, so unit recognition sees one shape whatever the input was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "line", "prose", "link", "list"]

# A block longer than this is prose whatever it ends with; a line up to it may head a section.
MAX_HEADING_CHARS = 160

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,1000}\)")
_MD_LINK_ONLY = re.compile(r"^\s*(?:!?\[[^\]\n]{0,300}\]\([^)\n]{0,1000}\)[\s|·]*)+$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_BOLD_LEAD = re.compile(r"^\s*\*\*([^*\n]{2,160}?):?\*\*[ \t]*[:–—-]?[ \t]*(\S.*)$", re.S)
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)([^*_\n]{1,300}?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$&])")
_SPACES = re.compile(r"\s+")
_READ_MORE = re.compile(r"\s*(?:\(read more\)|read more\.?|learn more\.?)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Block:
    """One block of page text. ``line`` is the 1-based line where it starts (0 if unknown)."""

    kind: BlockKind
    text: str
    line: int = 0
    level: int = 0  # heading level for explicit headings, else 0


def clean_inline(text: str) -> str:
    """Markdown inline marks removed, non-breaking spaces and runs of white space collapsed."""
    text = _MD_LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split())


def strip_read_more(text: str) -> str:
    """TEXT without a trailing "Read More", "(read more)" or "Learn more"."""
    cut = max(0, len(text) - 40)  # only the end can hold it: no scan of a long text
    return (text[:cut] + _READ_MORE.sub("", text[cut:])).strip()


def classify(text: str) -> BlockKind:
    """Prose (sentences) or a short line that may head a section."""
    if len(text) > MAX_HEADING_CHARS + 20:
        return "prose"
    body = strip_read_more(text)
    if len(body) > MAX_HEADING_CHARS:
        return "prose"
    words = body.split()
    if len(words) >= 6 and body[-1:] in ".!:;\"'”’":
        return "prose"
    if body[-1:] in ".;,":
        return "prose"
    return "line"


def text_blocks(text: str, *, markdown: bool) -> list[Block]:
    """Cut plain text or Markdown into blocks: a blank line ends a paragraph; a
    Markdown heading, a line of links or a list item is a block of its own."""
    blocks: list[Block] = []
    para: list[str] = []
    para_line = 0

    def flush() -> None:
        nonlocal para
        if para:
            raw = " ".join(para)
            lead = _bold_lead(raw) if markdown else None
            if lead:
                # "**Office of X (OX)**: what it does ..." is a heading and its prose.
                blocks.append(Block("heading", lead[0], para_line, 6))
                raw = lead[1]
            joined = clean_inline(raw) if markdown else _collapse(raw)
            if joined:
                blocks.append(Block(classify(joined), joined, para_line))
            para = []

    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            flush()
            continue
        if markdown:
            heading = _MD_HEADING.match(raw)
            if heading:
                flush()
                title = clean_inline(heading.group(2))
                if title:
                    blocks.append(Block("heading", title, number, len(heading.group(1))))
                continue
            if _RULE.match(raw):
                flush()
                continue
            if _MD_LINK_ONLY.match(raw):
                flush()
                blocks.append(Block("link", clean_inline(raw), number))
                continue
        if _LIST_ITEM.match(raw):
            flush()
            body = _LIST_ITEM.sub("", raw, count=1)
            lead = _bold_lead(body) if markdown else None
            if lead:
                prose = clean_inline(lead[1])
                blocks.append(Block("heading", lead[0], number, 6))
                blocks.append(Block(classify(prose), prose, number))
                continue
            item = clean_inline(body) if markdown else _collapse(body)
            blocks.append(Block("list", item, number))
            continue
        if not para:
            para_line = number
        para.append(raw)
    flush()
    return blocks


def _bold_lead(text: str) -> tuple[str, str] | None:
    """(name, rest) of "**Name**: rest" when the bold part is a name, not a sentence,
    and the rest is prose of six words or more."""
    match = _BOLD_LEAD.match(text)
    if match is None or match.group(1).rstrip().endswith((".", "!", "?")):
        return None
    if len(match.group(2).split()) < 6:
        return None
    return clean_inline(match.group(1)), match.group(2)


def _collapse(text: str) -> str:
    return " ".join(text.split())
