"""Issue 15, item 6: portal exports on the real server, read by tools the project did not write.

* the Fiscal Data Packages (one document, the whole store) pass ``frictionless validate``, and their ``model``
  maps existing columns to the FDP concepts as the Fiscal Data Package schema (``model`` part) requires;
* each table's CSVW metadata is read back by the ``csvw`` package, which yields the table's rows, and the
  triples it makes of them are the graph's own;
* the catalogue lists both as DCAT distributions with a media type and the standard they conform to.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS

DOC_PATH = "doc/51-301603/2025/budget"
FDP = "https://specs.frictionlessdata.io/fiscal-data-package/"


@pytest.fixture(scope="module", params=["document", "store"])
def package_url(request, server) -> str:
    folder = f"{DOC_PATH}/" if request.param == "document" else ""
    return f"{server.url}/exports/{folder}datapackage.json"


def test_fiscal_data_package_passes_frictionless_validate(package_url):
    from frictionless import validate

    report = validate(package_url)
    assert report.valid, report.flatten(["type", "note", "fieldName", "rowNumber"])[:20]
    assert report.tasks[0].stats["rows"] > 100


def test_fiscal_data_package_model_maps_the_fiscal_concepts(http, package_url):
    package = http.get(package_url).json()
    assert package["profile"] == "tabular-data-package" and package["countryCode"] == "CN"
    assert package["fiscalPeriod"]["start"] == "2025-01-01"
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    model = package["model"]
    (measure,) = model["measures"].values()
    assert measure["currency"] == "CNY" and fields[measure["source"]]["columnType"] == "value"
    kinds = {d.get("classificationType") for d in model["dimensions"].values()}
    assert {"administrative", "functional", "economic"} <= kinds
    assert {d["dimensionType"] for d in model["dimensions"].values()} >= {"classification", "datetime"}
    for dim in model["dimensions"].values():  # the FDP schema: attributes with a source, a primary key among them
        assert dim["attributes"] and set(dim["primaryKey"]) <= set(dim["attributes"])
        assert all(a["source"] in fields for a in dim["attributes"].values())
    assert fields["fiscal_year"]["columnType"] == "date:fiscal-year"


def test_fiscal_csv_has_classified_amounts(http):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(http.get(f"/exports/{DOC_PATH}/fiscal.csv").text)))
    line = next(r for r in rows if r["observation"].endswith("/table/1-2/row/1/col/0"))
    assert (line["func_lei_code"], line["func_kuan_code"], line["func_xiang_code"]) == ("201", "20103", "2010350")
    assert line["func_lei_label"] and line["func_xiang_label"]
    assert line["amount"] == "3853100" and line["phase"] == "approved" and line["fiscal_year"] == "2025"
    assert line["admin_code"] == "51-b1ea29b8b9" and line["admin_label"] == "四川省人民政府办公厅信息技术服务中心"


def test_csvw_metadata_reads_back_the_table(http, server, doc_iri):
    from csvw import CSVW

    path = doc_iri.removeprefix(server.base + "id/")
    table = f"/id/{path}/table/1-2"
    r = http.get(table + ".csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["link"].startswith("<1-2.csv-metadata.json>") and 'rel="describedby"' in r.headers["link"]
    assert http.get(table, headers={"accept": "text/csv"}).text == r.text  # the table IRI negotiates CSV too
    assert http.get(table, params={"format": "csv"}).text == r.text

    data = CSVW(f"{server.url}{table}.csv")  # finds the metadata beside the CSV (Link header, CSVW §5)
    (tbl,) = data.tables
    rows = list(tbl.iterdicts())
    assert len(rows) == 9
    assert rows[1]["code"] == "2010350" and rows[1]["label"] == "事业运行" and rows[1]["c0"] == Decimal("385.31")
    assert rows[0]["c2"] == Decimal("21212.28") and rows[1]["c2"] is None
    columns = {c.name: c for c in tbl.tableSchema.columns}
    assert columns["c0"].titles.getfirst("zh") == "合计" and columns["c0"].titles.getfirst("en")
    assert columns["c0"].datatype.base == "decimal"

    graph = Graph().parse(data=http.get(f"/graphs/{path}.nt").text, format="nt")
    made = _triples(tbl, rows)
    assert len(made) > 40 and made <= set(graph), made - set(graph)


def _triples(tbl, rows) -> set:
    """The triples the metadata makes of the rows (CSV2RDF, minimal mode): csvw expands the URI templates."""
    out = set()
    for number, row in enumerate(rows, start=1):
        context = {k: v.unsplit() if hasattr(v, "unsplit") else str(v) for k, v in row.items() if v is not None}
        for col in tbl.tableSchema.columns:
            value = row.get(col.name)
            if col.suppressOutput or value is None or col.propertyUrl is None:
                continue
            about = URIRef(tbl.expand(col.aboutUrl, context, _row=number))
            dtype = col.datatype.base if col.datatype else "string"
            if dtype == "string":
                obj = Literal(str(value), lang=None if col.lang == "und" else col.lang)  # "und": no tag
            else:
                obj = Literal(str(value), datatype=URIRef(f"http://www.w3.org/2001/XMLSchema#{dtype}"))
            out.add((about, URIRef(col.propertyUrl.uri), obj))
    return out


def test_catalogue_links_the_exports(http, doc_iri, server):
    cat = Graph().parse(data=http.get("/catalog", headers={"accept": "text/turtle"}).text, format="turtle")
    dataset = URIRef(doc_iri + "#dataset")
    dists = set(cat.objects(dataset, DCAT.distribution))
    package = URIRef(f"{server.base}exports/{DOC_PATH}/datapackage.json")
    table_csv, table_meta = URIRef(f"{doc_iri}/table/1-2.csv"), URIRef(f"{doc_iri}/table/1-2.csv-metadata.json")
    assert {package, table_csv, table_meta} <= dists
    assert (package, DCTERMS.conformsTo, URIRef(FDP)) in cat
    assert (table_meta, DCAT.mediaType, URIRef("http://www.iana.org/assignments/media-types/application/csvm+json")) in cat
    assert (table_csv, DCTERMS.conformsTo, URIRef("http://www.w3.org/TR/tabular-data-model/")) in cat
    store_package = URIRef(f"{server.base}exports/datapackage.json")
    assert store_package in set(cat.objects(None, DCAT.distribution))
