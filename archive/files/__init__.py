"""Snapshot and lineage files: reading, checking, writing, canonical form and content hash."""
