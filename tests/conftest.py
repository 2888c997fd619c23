"""Shared fixtures: the bundled sample, parsed and mapped once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg_testing import SAMPLE


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_doc():
    from budgetkg.ingest import parse_document

    return parse_document(SAMPLE)


@pytest.fixture(scope="session")
def sample_graph(sample_doc):
    from budgetkg.ingest import to_graph

    return to_graph(sample_doc)
