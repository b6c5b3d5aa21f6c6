"""Storage: the tables, the repository and unit of work over them, database URLs and migrations."""
