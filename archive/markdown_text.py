"""Data made safe to place inside Markdown text and table cells.

A unit name is data, not markup: it must not end a table cell (``|``),
start emphasis or code (``* _ ` ~``), make a link (``[ ] ( )`` and ``!``),
open an HTML tag (``< >``) or an entity (``&lt;``), nor break the line. Each
such character is backslash-escaped (CommonMark allows that for every ASCII
punctuation character), angle brackets become entities (safe even in
renderers that pass HTML through), and line breaks become spaces.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_SPACE = re.compile(r"\s+")


def md_escape(text: object) -> str:
    """``text`` as literal Markdown inline content, on one line."""
    out = _SPACE.sub(" ", str(text)).strip()
    out = _ENTITY.sub("&amp;", out)
    out = _SPECIAL.sub(r"\\\1", out)
    return out.replace("<", "&lt;").replace(">", "&gt;")


def md_link(text: object, url: str | None) -> str:
    """A link when ``url`` is a plain http(s) address, else the escaped text."""
    label = md_escape(text)
    if url and re.fullmatch(r"https?://[^\s<>()\[\]`|\\]+", url):
        return f"[{label}](<{url}>)"
    return label
