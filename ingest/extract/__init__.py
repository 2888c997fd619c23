"""Extraction: PDF pages and text lines → :mod:`ingest.model` records. Knows nothing of RDF."""
