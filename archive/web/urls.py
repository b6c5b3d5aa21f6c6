"""The addresses of the pages (SPEC §5), built in one place.

Path segments are percent-encoded whole (an agency code may hold ``&``, a
unit name typed into the address bar spaces), query strings by urlencode.
``json=True`` gives the same page's JSON form: ``.json`` after the path.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote, urlencode

STATIC = "/-/static/"
_PLAIN = re.compile(r"[A-Za-z0-9._-]*")  # needs no encoding (every SPEC key is so)


def segment(value: str) -> str:
    """``value`` as one path segment."""
    return value if _PLAIN.fullmatch(value) else quote(value, safe="")


_seg = segment


def _query(json: bool, path: str, **params: object) -> str:
    pairs = [(k.rstrip("_"), str(v)) for k, v in params.items() if v is not None and v != ""]
    return path + (".json" if json else "") + ("?" + urlencode(pairs) if pairs else "")


def home(json: bool = False) -> str:
    return "/.json" if json else "/"


def structure(agency: str, at: date | None = None, json: bool = False) -> str:
    return _query(json, f"/{_seg(agency)}", at=at)


def diff(agency: str, start: date | None = None, end: date | None = None,
         json: bool = False) -> str:
    return _query(json, f"/{_seg(agency)}/diff", from_=start, to=end)


def report(agency: str, start: date | None = None, end: date | None = None,
           json: bool = False) -> str:
    return _query(json, f"/{_seg(agency)}/report", from_=start, to=end)


def search(agency: str, q: str | None = None, at: date | None = None,
           json: bool = False) -> str:
    return _query(json, f"/{_seg(agency)}/search", q=q, at=at)


def unit(agency: str, key: str, json: bool = False) -> str:
    return _query(json, f"/{_seg(agency)}/units/{_seg(key)}")
