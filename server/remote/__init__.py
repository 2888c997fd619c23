"""The remote store: budgetkg's :class:`~server.store.GraphStore` over any SPARQL 1.1 store (see ``store.py``)."""

from .store import RemoteQueryResult, RemoteSparqlStore

__all__ = ["RemoteQueryResult", "RemoteSparqlStore"]
