"""The best-known structure of an agency: unit threads across all its sources,
and the structure assembled from them at any date."""
