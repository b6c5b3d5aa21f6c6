"""Text from the data shown on one line of text output.

A description or a note may hold line breaks (docs/files.md). Printed as
they are, they would start new lines that could pass for the output's own
structure (a forged "Removed (1)" heading under a rename, say). Text output
shows each break as `` ⏎ `` instead, on the line it belongs to.
"""

from __future__ import annotations

import re

# Every line break a file may hold: CR LF, LF, CR, NEL, and U+2028/U+2029.
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
MARK = " ⏎ "


def one_line(text: str) -> str:
    """``text`` with each line break shown as `` ⏎ ``."""
    return _BREAK.sub(MARK, text) if _BREAK.search(text) else text
