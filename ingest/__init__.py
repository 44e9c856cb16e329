"""Text → typed records → RDF for Vietnamese government decisions and plans."""
