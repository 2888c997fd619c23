"""budgetkg ontology data: ``budget.ttl`` (OWL), ``codelists/*.ttl`` (SKOS/XKOS) and ``context.jsonld``.

Read the files with ``importlib.resources.files("budgetkg.ontology")`` or :func:`ontology.load.ontology_graph`.
"""
