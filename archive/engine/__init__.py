"""The diff engine: matching units across two snapshots and classifying what changed (pure)."""
