"""One router per resource: sparql, resources (/id, /graphs), ontology (/ontology, /code), catalog, validate."""
