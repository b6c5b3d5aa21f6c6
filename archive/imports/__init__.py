"""Registry exports (GOV.UK organisations, congress committees) as snapshot and lineage files."""
