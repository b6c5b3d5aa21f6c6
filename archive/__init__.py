"""orgarchive: the dated history of an agency's organizational structure."""

__version__ = "0.1.0"
