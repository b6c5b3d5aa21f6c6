"""Extraction: drafting a snapshot file from an archived web page."""
