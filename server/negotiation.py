"""Content negotiation: parse ``Accept``, honour a ``format`` parameter, pick a media type or none (406)."""

from __future__ import annotations

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
HTML = "text/html"

BINDINGS = [JSON_RESULTS, XML_RESULTS, CSV, TSV]
BOOLEAN = [JSON_RESULTS, XML_RESULTS]
GRAPH = [TURTLE, NTRIPLES, JSONLD, RDFXML]
RESOURCE = [HTML, TURTLE, JSONLD, NTRIPLES, RDFXML]

# Other names clients send for the same formats, per kind of result.
ALIASES: dict[str, str] = {
    "application/json": JSON_RESULTS,
    "application/xml": XML_RESULTS,
    "text/xml": XML_RESULTS,
    "application/x-turtle": TURTLE,
    "text/plain": NTRIPLES,
    "text/n-triples": NTRIPLES,
    "application/xhtml+xml": HTML,
}
GRAPH_ALIASES: dict[str, str] = {"application/json": JSONLD, "application/xml": RDFXML, "text/xml": RDFXML}

# Values of the ``format`` query parameter (datasette-style names or media types).
FORMAT_NAMES: dict[str, tuple[str, str]] = {  # name → (for results, for graphs)
    "json": (JSON_RESULTS, JSONLD),
    "xml": (XML_RESULTS, RDFXML),
    "csv": (CSV, CSV),
    "tsv": (TSV, TSV),
    "ttl": (TURTLE, TURTLE),
    "turtle": (TURTLE, TURTLE),
    "nt": (NTRIPLES, NTRIPLES),
    "ntriples": (NTRIPLES, NTRIPLES),
    "n-triples": (NTRIPLES, NTRIPLES),
    "jsonld": (JSONLD, JSONLD),
    "json-ld": (JSONLD, JSONLD),
    "rdfxml": (RDFXML, RDFXML),
    "rdf": (RDFXML, RDFXML),
    "html": (HTML, HTML),
}
SUFFIXES = {".ttl": TURTLE, ".nt": NTRIPLES, ".jsonld": JSONLD, ".rdf": RDFXML, ".html": HTML}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (stable for equal q)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges]


def choose(accept: str | None, offered: list[str], graph: bool = False) -> str | None:
    """The offered media type the client prefers most, or None (→ 406)."""
    aliases = {**ALIASES, **GRAPH_ALIASES} if graph else ALIASES
    for media, q in parse_accept(accept):
        if q <= 0:
            continue
        media = aliases.get(media, media)
        if media in offered:
            return media
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            for o in offered:
                if o.startswith(media[:-1]):
                    return o
    return None


def from_format(name: str, offered: list[str], graph: bool = False) -> str | None:
    """The media type for a ``format`` parameter value, if offered for this kind of result."""
    key = name.strip().lower()
    if key in FORMAT_NAMES:
        media = FORMAT_NAMES[key][1 if graph else 0]
    else:
        media = ({**ALIASES, **GRAPH_ALIASES} if graph else ALIASES).get(key, key)
    return media if media in offered else None


def negotiate(accept: str | None, fmt: str | None, offered: list[str], graph: bool = False) -> str | None:
    """A ``format`` parameter wins over ``Accept``."""
    if fmt:
        return from_format(fmt, offered, graph)
    return choose(accept, offered, graph)
