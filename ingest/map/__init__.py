"""Mapping: records → quads of one named graph per document, validated against the SHACL shapes.

Nothing here reads text: every fact comes from a record of :mod:`plangraph.ingest.records`.
"""
