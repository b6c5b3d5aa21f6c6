"""A page as a sequence of blocks that keep its structure.

Headings (with their level), short lines (with their indentation), prose
paragraphs, link lines, list items (with their nesting depth and a bold label
if one opens them) and table rows (with their cells, which never run
together). Plain text and Markdown are cut here; HTML is cut by :mod:`html`
into the same blocks, so unit recognition sees one shape whatever the input.
Markdown front matter is metadata: its title is kept, the rest is not content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .people import split_official, split_person_line

BlockKind = Literal["heading", "line", "prose", "link", "list", "row", "meta"]

# A block longer than this is prose whatever it ends with; a line up to it may head a section.
MAX_HEADING_CHARS = 160

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,1000}\)")
_MD_LINK_ONLY = re.compile(r"^\s*(?:!?\[[^\]\n]{0,300}\]\([^)\n]{0,1000}\)[\s|·]*)+$")
_LIST_ITEM = re.compile(r"^(\s*)([-*+•◦▪‣·§o]|\d{1,3}[.)]|[a-z][.)])[ \t]+(?=\S)")
# A tree drawn in text: "├── Office of X", "│   └── Y Division", "|-- Z", "+-- W".
_TREE_ITEM = re.compile(r"^([\s│┃|]*)(├──?|└──?|┣━?━?|┗━?━?|[|+`\\]--)-*[ \t]*(?=\S)")
_BOLD_LEAD = re.compile(r"^\s*\*\*([^*\n]{2,160}?):?\*\*[ \t]*[:–—-]?[ \t]*(\S.*)$", re.S)
_BOLD_ONLY = re.compile(r"^\s*(?:\*\*|__)([^*_\n]{2,160}?)(?:\*\*|__)\s*:?\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)([^*_\n]{1,300}?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$&])")
_READ_MORE = re.compile(r"\s*(?:\(read more\)|read more\.?|learn more\.?)\s*$", re.I)
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CELL_GAP = re.compile(r"\t+| {3,}")
_JOINING_END = re.compile(r"(?:\b(?:of|the|and|to|a|an|in|for|with|by|on|at|or|as)|[,-])$", re.I)
_LOWER_WORD = re.compile(r"\s(?!(?:of|the|and|for|to|in|on|at|a|an|by|with|de)\b)[a-z][a-z'-]+")
_PARENTHESES = re.compile(r"\s*\([^()]{0,400}\)")
_FRONT_MATTER_TITLE = re.compile(r"^title:\s*[\"']?(.*?)[\"']?\s*$", re.M)


@dataclass(frozen=True, slots=True)
class Block:
    """One block of page text. ``line`` is the 1-based line where it starts (0 if unknown)."""

    kind: BlockKind
    text: str
    line: int = 0
    level: int = 0  # heading level for explicit headings, else 0
    depth: int = 0  # list item: 1 for the outermost list; line: its indentation in spaces
    cells: tuple[str, ...] = ()  # table row: its cells
    label: str = ""  # list item: the bold label that opens it ("**Talent:** drives ...")
    head: bool = False  # table row: a header row
    gap: bool = True  # a blank line (or a block boundary) comes before it
    links: bool = False  # list item or row made of links only


def clean_inline(text: str) -> str:
    """Markdown inline marks removed, non-breaking spaces and runs of white space collapsed."""
    if "[" in text:
        text = _MD_LINK.sub(_first_group, text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(_second_group, text)
    if "\\" in text:
        text = _ESCAPE.sub(_first_group, text)
    return " ".join(text.split())


def _first_group(match: re.Match[str]) -> str:
    return match.group(1)


def _second_group(match: re.Match[str]) -> str:
    return match.group(2)


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
    if not body:
        return "line"
    words = body.split()
    if len(words) >= 6 and body[-1:] in ".!:;\"'”’":
        return "prose"
    if body[-1:] in ".;,":
        return "prose"
    if body.endswith(":") and _LOWER_WORD.search(body):
        return "prose"  # "The Office of Operations includes:" introduces what follows
    return "line"


def front_matter(text: str) -> tuple[str | None, int]:
    """The title of Markdown front matter ("---" ... "---" at the top) and the number
    of lines it takes (0 if there is none)."""
    if not text.startswith("---\n"):
        return None, 0
    end = text.find("\n---", 4, 20_000)
    if end < 0 or text[end + 4 : end + 5] not in ("\n", ""):
        return None, 0
    head = text[4:end]
    match = _FRONT_MATTER_TITLE.search(head)
    return (clean_inline(match.group(1)) if match else None), head.count("\n") + 2


class _ListDepth:
    """The nesting depth of text list items, from their indentation and, where the
    indentation is lost, from their bullet ("*" then "o" then "*" again)."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []

    def reset(self) -> None:
        self.stack.clear()

    def depth(self, indent: int, marker: str) -> int:
        marker = "#" if marker[:1].isdigit() else ("a" if marker[:1].isalpha() and
                                                   marker != "o" else marker)
        stack = self.stack
        while stack and stack[-1][0] > indent:
            stack.pop()
        if stack and stack[-1][0] == indent and stack[-1][1] != marker:
            same = [i for i, (ind, mark) in enumerate(stack) if ind == indent and mark == marker]
            if same:
                del stack[same[-1] + 1 :]
            else:
                stack.append((indent, marker))
        elif not stack or stack[-1][0] < indent:
            stack.append((indent, marker))
        return len(stack)


def text_blocks(text: str, *, markdown: bool) -> list[Block]:
    """Cut plain text or Markdown into blocks: a blank line ends a paragraph, and a
    paragraph of short capitalised lines (an org chart whose layout was lost) stays
    one line a block; a Markdown heading, a line of links, a list item or a table row
    is a block of its own."""
    blocks: list[Block] = []
    para: list[tuple[int, str]] = []  # (line number, raw line)
    depths = _ListDepth()
    gap = True
    lines = text.split("\n")
    start = 0
    if markdown:
        title, start = front_matter(text)
        if title:
            blocks.append(Block("meta", title, 1))

    def add(block: Block) -> None:
        nonlocal gap
        blocks.append(block)
        gap = False

    def flush() -> None:
        nonlocal para
        if para:
            for block in _paragraph(para, markdown, gap):
                add(block)
                if block.kind != "list":
                    depths.reset()
            para = []

    for number, raw in enumerate(lines[start:], start=start + 1):
        if not raw.strip():
            flush()
            gap = True
            continue
        if markdown:
            heading = _MD_HEADING.match(raw)
            if heading:
                flush()
                depths.reset()
                title_text = clean_inline(heading.group(2))
                if title_text:
                    add(Block("heading", title_text, number, len(heading.group(1)), gap=gap))
                continue
            if _RULE.match(raw):
                flush()
                continue
            if _MD_LINK_ONLY.match(raw):
                flush()
                add(Block("link", clean_inline(raw), number, gap=gap))
                continue
        if _is_table_row(raw):
            flush()
            if _TABLE_SEPARATOR.match(raw):
                if blocks and blocks[-1].kind == "row":
                    last = blocks[-1]
                    blocks[-1] = Block("row", last.text, last.line, cells=last.cells, head=True,
                                       gap=last.gap)
                continue
            cells = tuple(clean_inline(c) if markdown else " ".join(c.split())
                          for c in raw.strip().strip("|").split("|"))
            add(Block("row", " | ".join(c for c in cells if c), number, cells=cells, gap=gap))
            continue
        item = _TREE_ITEM.match(raw) or _LIST_ITEM.match(raw)
        if item and not (item.group(2) == "o" and not raw[item.end():][:1].isupper()):
            flush()
            indent = len(item.group(1).expandtabs(4))
            depth = depths.depth(indent, "tree" if item.re is _TREE_ITEM else item.group(2))
            add(_list_item(raw[item.end():], number, depth, markdown, gap))
            continue
        para.append((number, raw))
    flush()
    return blocks


def _is_table_row(raw: str) -> bool:
    stripped = raw.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _list_item(body: str, number: int, depth: int, markdown: bool, gap: bool) -> Block:
    links = bool(markdown and _MD_LINK_ONLY.match(body))
    lead = _bold_lead(body) if markdown else None
    if lead:
        return Block("list", clean_inline(lead[1]), number, depth=depth, label=lead[0], gap=gap)
    only = _BOLD_ONLY.match(body) if markdown else None
    text = clean_inline(only.group(1) if only else body) if markdown else " ".join(body.split())
    return Block("list", text, number, depth=depth, gap=gap, links=links)


def _paragraph(para: list[tuple[int, str]], markdown: bool, gap: bool) -> list[Block]:
    """A paragraph's blocks: one prose or line block, or, for a run of short lines that
    do not read as one wrapped sentence, one block per line."""
    number = para[0][0]
    texts = [clean_inline(raw) if markdown else " ".join(raw.split()) for _, raw in para] \
        if len(para) > 1 else []
    if len(para) > 1 and _separate_lines(texts):
        out: list[Block] = []
        for (line_number, raw), text in zip(para, texts, strict=True):
            if text:
                indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
                out.append(_line(text, line_number, indent, gap and not out))
        return out
    raw_text = " ".join(raw for _, raw in para)
    lead = _bold_lead(raw_text) if markdown else None
    if lead and split_person_line(f"{lead[0]}: {clean_inline(lead[1])}") is not None:
        # "**Director:** Amos Stone" names a unit's head: one line, read as such
        return [Block("line", f"{lead[0]}: {clean_inline(lead[1])}", number, gap=gap)]
    out = []
    if lead:
        # "**Office of X (OX)**: what it does ..." is a heading and its prose.
        out.append(Block("heading", lead[0], number, 0, gap=gap))  # a run-in heading
        raw_text = lead[1]
    joined = clean_inline(raw_text) if markdown else " ".join(raw_text.split())
    if joined:
        if len(para) == 1 and not lead:
            raw = para[0][1]
            indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
            out.append(_line(joined, number, indent, gap))
        else:
            out.append(Block(classify(joined), joined, number, gap=gap and not out))
    return out


def _line(text: str, number: int, indent: int, gap: bool) -> Block:
    """A single line: prose, a table row whose cells ran together or are spaced out,
    or a short line."""
    kind, cells = _line_shape(text)
    if kind == "row":
        return Block("row", " | ".join(cells), number, depth=indent, cells=cells, gap=gap)
    return Block(kind, text, number, depth=0 if kind == "prose" else indent, gap=gap)


@lru_cache(maxsize=65536)
def _line_shape(text: str) -> tuple[BlockKind, tuple[str, ...]]:
    """Pages repeat lines: each distinct one is read once."""
    if classify(_PARENTHESES.sub("", text) or text) == "prose":
        return "prose", ()
    spaced = tuple(c for c in _CELL_GAP.split(text.strip()) if c.strip())
    if len(spaced) >= 2:
        return "row", spaced
    split = split_official(text)
    if split is not None:
        return "row", split
    return "line", ()


def _separate_lines(texts: list[str]) -> bool:
    """Do these lines stand one a line (an org chart, a list of offices) rather than
    wrap one sentence? Each is short, none after the first opens in lower case, and
    none ends in a word or mark that carries on to the next line."""
    if any(len(_PARENTHESES.sub("", t)) > MAX_HEADING_CHARS for t in texts):
        return False
    for before, after in zip(texts, texts[1:], strict=False):
        if not after[:1].isupper() and not after[:1].isdigit() and after[:1] not in "(\"“":
            return False
        if _JOINING_END.search(before):
            return False
    return True


def _bold_lead(text: str) -> tuple[str, str] | None:
    """(name, rest) of "**Name**: rest" when the bold part is a name, not a sentence,
    and the rest is prose of six words or more (or any text after a colon)."""
    match = _BOLD_LEAD.match(text)
    if match is None or match.group(1).rstrip().endswith((".", "!", "?")):
        return None
    if len(match.group(2).split()) < 6 and ":" not in text[: match.start(2)]:
        return None
    return clean_inline(match.group(1)), match.group(2)
