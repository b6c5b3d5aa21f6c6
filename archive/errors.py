"""Typed exceptions. The command line turns each into a one-line message, exit 1."""

from __future__ import annotations


class OrgArchiveError(Exception):
    """Base of every error that is the user's or the data's, not a bug."""


class InputError(OrgArchiveError):
    """A file that cannot be read or does not follow the SPEC.

    ``str()`` is the one-line message: ``FILE:PLACE: PROBLEM`` where PLACE is a
    line number (``line 12``) or a JSON pointer (``/units/3/key``).
    """

    def __init__(self, path: str, problem: str, place: str | None = None) -> None:
        self.path = path
        self.place = place
        self.problem = problem
        where = f"{path}: {place}" if place else path
        super().__init__(f"{where}: {problem}")


class NotFoundError(OrgArchiveError):
    """A snapshot, agency, date or unit the archive does not hold."""


class AmbiguousError(OrgArchiveError):
    """A name or acronym that fits more than one thing; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(message)


class SchemaError(OrgArchiveError):
    """The database schema is missing or behind; the message names the fix."""


class IntegrityFailure(OrgArchiveError):
    """``verify`` found stored snapshots that no longer match their hash."""
