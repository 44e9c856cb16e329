"""Understanding: typed blocks → records (header, structure, plans, tasks, targets, citations, signers).

Nothing here looks at tabs, pipes or emphasis markers: it reads :mod:`plangraph.ingest.blocks`.
"""
