"""Reading: a file of any format and text shape → a :class:`~plangraph.ingest.blocks.Document` of typed blocks.

Nothing here knows what a task, an agency or a citation is; it knows files, layouts and markup.
"""
