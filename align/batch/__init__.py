"""`align batch`: whole corpora in, one TMX and one glossary out, resumably and in parallel.

pairing (which files go together) → store (SQLite: documents, aligned units, terms) →
jobs run on local processes or a Dask cluster (executors) → exports built from the store.
"""
