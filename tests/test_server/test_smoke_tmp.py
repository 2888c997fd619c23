def test_up(http):
    r = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    print(r.text)
    assert r.status_code == 200
