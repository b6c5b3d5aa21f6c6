"""Reading an archived page for ``extract``: bytes to text, and which format it is.

The format is decided from the content (an ``.txt`` capture may hold HTML);
the file extension only breaks a tie. Empty, binary and oversized files are
refused with a one-line :class:`InputError`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from typing import BinaryIO, Literal

from ..errors import InputError

PageFormat = Literal["text", "markdown", "html"]

# A 20 MB page drafts in a few seconds; far beyond that is surely not one page.
MAX_PAGE_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
_SNIFF = 65536  # bytes looked at to tell a binary file
_BINARY = "binary file, not a text, Markdown or HTML page"

_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|p|h[1-6]|span|a|ul|li|table|section|article|nav|script)\b", re.I
)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)
_MD_LINK = re.compile(r"\[[^\]\n]{1,200}\]\([^)\s]{0,500}\)")
_MD_BOLD_LINE = re.compile(r"^\*\*[^*\n]{1,200}\*\*\s*$", re.M)


CLEAN_CONTROLS = {
    **{c: " " for c in (*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))},
    0x2028: "\n",
    0x2029: "\n",
    # Bidirectional controls, which a snapshot refuses too (docs/files.md), go.
    **{c: "" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


@dataclass(frozen=True, slots=True)
class Page:
    """A page's decoded text and detected format."""

    path: str
    text: str
    format: PageFormat


def read_page(path: str) -> Page:
    """Read PATH and detect its format; raise InputError for what cannot be a page."""
    try:
        with open(path, "rb") as handle:
            data = _read_bounded(path, handle)
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a page file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(path, "file is empty")
    text = _decode(path, data)
    return Page(path=path, text=text, format=detect_format(text, path))


def _read_bounded(path: str, handle: BinaryIO) -> bytes:
    """The file's bytes, refused as soon as they cannot be a page: over the size
    limit (a regular file by its size, a device or pipe once it has given more
    than the limit) or binary (a NUL byte in the first chunk: /dev/zero,
    /dev/urandom). So no input, however endless, is read further than the limit."""
    info = os.fstat(handle.fileno())
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError
    if stat.S_ISREG(info.st_mode) and info.st_size > MAX_PAGE_BYTES:
        raise _too_large(path, f"{info.st_size / 1e6:.0f} MB")
    chunks: list[bytes] = []
    total = 0
    while total <= MAX_PAGE_BYTES:
        chunk = handle.read(min(_CHUNK, MAX_PAGE_BYTES + 1 - total))
        if not chunk:
            break
        if not chunks and b"\x00" in chunk[:_SNIFF]:
            raise InputError(path, _BINARY)
        chunks.append(chunk)
        total += len(chunk)
    if total > MAX_PAGE_BYTES:
        raise _too_large(path, "more than that")
    return b"".join(chunks)


def _too_large(path: str, size: str) -> InputError:
    limit = MAX_PAGE_BYTES // (1024 * 1024)
    return InputError(path, f"file is too large for one page ({size}; the limit is {limit} MB)")


def _decode(path: str, data: bytes) -> str:
    if b"\x00" in data[:_SNIFF]:
        raise InputError(path, _BINARY)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old captures are often Windows-1252; every byte decodes as Latin-1 at worst.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > len(sample) // 20:
        raise InputError(path, _BINARY)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A snapshot refuses terminal control characters (SPEC files are printed to
    # terminals), so the draft must not carry any: they become spaces, and
    # Unicode line separators become line breaks.
    return text.translate(CLEAN_CONTROLS)


def detect_format(text: str, path: str = "") -> PageFormat:
    """HTML if the page starts like HTML or is dense with tags; Markdown if it has a
    Markdown heading, or links and bold lines; else plain text."""
    head = text[:200_000]
    if _HTML_START.match(head.encode("utf-8", "replace")[:4096]):
        return "html"
    tags = len(_HTML_TAG.findall(head))
    if tags >= 5 and tags * 200 >= len(head) or path.lower().endswith((".html", ".htm")) and tags:
        return "html"
    if _MD_HEADING.search(head) or path.lower().endswith((".md", ".markdown")):
        return "markdown"
    markdown_marks = len(_MD_LINK.findall(head)) + len(_MD_BOLD_LINE.findall(head))
    if markdown_marks >= 2:
        return "markdown"
    return "text"
