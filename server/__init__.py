"""The SPARQL endpoint, linked-data server and browse UI (arrive with the endpoint issue)."""
