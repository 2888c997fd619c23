"""/ontology for people: pyLODE's documentation, installed with the package, with an anchor for every term."""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from budgetkg.ontology.namespaces import CNB
from budgetkg.server.vocabulary import ontology_folder


def test_the_ontology_page_documents_every_term_at_its_anchor(http):
    r = http.get("/ontology", headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    anchors = set(re.findall(r'id="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert links and [a for a in links if a not in anchors] == [], "every in-page link has its anchor"
    onto = Graph().parse(ontology_folder() / "budget.ttl")
    terms = {str(s).removeprefix(str(CNB)) for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in onto.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(str(CNB))}
    assert terms and terms <= anchors, f"terms without an anchor: {sorted(terms - anchors)[:10]}"
    # a term IRI is {ontology}#Term: the anchor a browser jumps to on the page the namespace dereferences to
    assert "BudgetLine" in anchors
