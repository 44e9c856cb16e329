"""The curated SPARQL query catalogue (arrives with the query-catalogue issue)."""
