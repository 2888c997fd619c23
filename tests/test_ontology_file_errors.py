"""A broken ontology or code-list file stops the server's vocabulary with the file and line, never skipped."""

from __future__ import annotations

import pytest

from budgetkg.ontology import load
from budgetkg.server import vocabulary


@pytest.fixture
def fresh_caches():
    vocabulary.ontology_graph.cache_clear()
    load.ontology_graph.cache_clear()
    yield
    vocabulary.ontology_graph.cache_clear()
    load.ontology_graph.cache_clear()


def test_a_broken_code_list_is_an_error_naming_file_and_line(tmp_path, monkeypatch, fresh_caches):
    broken = tmp_path / "broken-codes.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "no end .\n',
                      encoding="utf-8")
    monkeypatch.setattr(load, "ontology_files", lambda: [load.ONTOLOGY_FILE, broken])
    with pytest.raises(load.OntologyFileError) as err:
        vocabulary.ontology_graph()
    message = str(err.value)
    assert str(broken) in message
    assert "line 3" in message  # rdflib's parser message


def test_the_shipped_files_parse(fresh_caches):
    graph = vocabulary.ontology_graph()
    assert len(graph) > 1000
    assert graph is load.ontology_graph()
