"""Content negotiation: parse ``Accept``, honour a ``format`` parameter, pick a media type or none (406)."""

from __future__ import annotations

from budgetkg.ontology import formats

JSON_RESULTS = formats.JSON_RESULTS.media_type
XML_RESULTS = formats.XML_RESULTS.media_type
CSV = formats.CSV.media_type
TSV = formats.TSV.media_type
TURTLE = formats.TURTLE.media_type
NTRIPLES = formats.NTRIPLES.media_type
JSONLD = formats.JSONLD.media_type
RDFXML = formats.RDFXML.media_type
HTML = formats.HTML.media_type

BINDINGS = [x.media_type for x in formats.RESULTS_FORMATS]
BOOLEAN = [x.media_type for x in formats.BOOLEAN_FORMATS]
GRAPH = [x.media_type for x in formats.GRAPH_FORMATS]
RESOURCE = [x.media_type for x in formats.RESOURCE_FORMATS]


def _aliases(offered: tuple[formats.Format, ...]) -> dict[str, str]:
    return {other: x.media_type for x in offered for other in x.other_media_types}


# Other names clients send for the same formats, per kind of result: where a name is ambiguous
# (application/json, application/xml), it means the results format, and in a graph answer the graph format.
GRAPH_ALIASES: dict[str, str] = _aliases(formats.GRAPH_FORMATS)
ALIASES: dict[str, str] = GRAPH_ALIASES | _aliases(formats.of_kind("results", "page"))

# Values of the ``format`` query parameter (datasette-style names or media types): name → (for results, for graphs).
FORMAT_NAMES: dict[str, tuple[str, str]] = {
    name: (x.media_type, x.media_type)
    for x in (*formats.RESOURCE_FORMATS, formats.CSV, formats.TSV) for name in x.names
} | {  # one name, two formats
    "json": (JSON_RESULTS, JSONLD),
    "xml": (XML_RESULTS, RDFXML),
}
SUFFIXES = {x.extension: x.media_type for x in (*formats.GRAPH_FORMATS, formats.HTML)}


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
