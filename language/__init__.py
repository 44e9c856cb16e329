"""Vietnamese language tables and utilities shared by ingest, the ontology build and search.

Data and pure text functions only: folding and slugs (:mod:`.folding`), numbering patterns
(:mod:`.numbering`), the lexicon of cue words, agency names and document types (:mod:`.lexicon`,
:mod:`.target_cues`) and the gazetteer of provinces and their 2025 merger (:mod:`.places`).
Nothing here knows about files, blocks or RDF.
"""
