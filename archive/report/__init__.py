"""Reports: a period's story, a unit's history, and their renderings for people and programs."""
