"""Data made safe to place inside Markdown text and table cells.

A unit name is data, not markup: it must not end a table cell (``|``),
start emphasis or code (``* _ ` ~``), make a link or image (``[ ]``; with
the brackets escaped, ``( )`` and ``!`` are plain text and stay readable),
open an HTML tag (``< >``) or an entity (``&lt;``), start a heading or a
list (``#``, ``+``, a leading ``-`` or ``1.``), nor break the line. Each such
character is backslash-escaped (CommonMark allows that for every ASCII
punctuation character), angle brackets become entities (safe even in
renderers that pass HTML through), and line breaks become spaces.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]#+|~])")
_LIST_START = re.compile(r"^(\d*)([-.)])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_SPACE = re.compile(r"\s+")


def md_escape(text: object) -> str:
    """``text`` as literal Markdown inline content, on one line."""
    out = _SPACE.sub(" ", str(text)).strip()
    out = _ENTITY.sub("&amp;", out)
    out = _SPECIAL.sub(r"\\\1", out)
    out = _LIST_START.sub(r"\1\\\2", out)  # "- x" or "1. x" would start a list
    return out.replace("<", "&lt;").replace(">", "&gt;")


def md_link(text: object, url: str | None) -> str:
    """A link when ``url`` is a plain http(s) address, else the escaped text."""
    label = md_escape(text)
    if url and re.fullmatch(r"https?://[^\s<>()\[\]`|\\]+", url):
        return f"[{label}](<{url}>)"
    return label
