"""Portal exports: Fiscal Data Packages (``/exports/…``) and each budget table as CSV with CSVW metadata.

* ``/exports/datapackage.json`` and ``/exports/fiscal.csv``: the whole store;
* ``/exports/{doc path}/datapackage.json`` and ``…/fiscal.csv``: one document (``{doc path}`` = ``doc/{unit}/{year}/{phase}``);
* ``/id/{table path}.csv`` and ``/id/{table path}.csv-metadata.json``: one table and its CSVW metadata (the table
  IRI itself answers ``Accept: text/csv`` or ``?format=csv`` too, see ``routes/resources.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from budgetkg.ontology.formats import CSV, CSVW_METADATA, DATA_PACKAGE
from budgetkg.ontology.namespaces import DATA_PATH

from .. import exports_csvw as csvw
from .. import exports_fdp as fdp
from ..bounded import bounded
from ..config import Settings
from ..deps import SettingsDep, StoreDep
from ..errors import ApiError
from ..metadata import document_titles
from ..store import GraphStore
from ..vocabulary_graph import document_graphs

router = APIRouter(tags=["exports"])
CSV_MEDIA = f"{CSV.media_type}; charset=utf-8; header=present"


def table_csv_response(grid: csvw.TableGrid) -> Response:
    """The table's CSV, pointing at its CSVW metadata (``Link: rel=describedby``, CSVW §5.2), relative to the
    request's URL (``/id/…/1-2`` and ``/id/…/1-2.csv`` alike) so that it holds behind any host name."""
    link = f'<{csvw.metadata_url(grid.iri).rsplit("/", 1)[-1]}>; rel="describedby"; type="{CSVW_METADATA.media_type}"'
    return Response(csvw.table_csv(grid), media_type=CSV_MEDIA, headers={"Link": link, "Vary": "Accept"})


async def table_grid(settings: Settings, store: GraphStore, path: str) -> csvw.TableGrid:
    table = f"{settings.base_iri}{DATA_PATH}{path}"
    grid = await bounded(settings.query_timeout, csvw.read_table, store, table)
    if grid is None:
        raise ApiError(404, f"{table} is no budget table")
    return grid


@router.get("/id/{path:path}" + CSV.extension, summary="One budget table as CSV (its CSVW metadata beside it)")
async def get_table_csv(path: str, settings: SettingsDep, store: StoreDep) -> Response:
    return table_csv_response(await table_grid(settings, store, path))


@router.get("/id/{path:path}" + CSV.extension + CSVW_METADATA.extension,
            summary="CSVW metadata of one budget table's CSV (columns, titles @zh/@en, datatypes, IRIs)")
async def get_table_metadata(path: str, settings: SettingsDep, store: StoreDep) -> Response:
    grid = await table_grid(settings, store, path)
    return JSONResponse(csvw.table_metadata(grid), media_type=CSVW_METADATA.media_type)


def _document(settings: Settings, store: GraphStore, path: str) -> str | None:
    """The document graph an export path names (None: the whole store); 404 for an unknown document."""
    if not path:
        return None
    graph = f"{settings.base_iri}{DATA_PATH}{path}"
    if graph not in document_graphs(store):
        raise ApiError(404, f"no document graph named {graph}")
    return graph


@router.get("/exports/{path:path}", summary="Fiscal Data Package (datapackage.json + fiscal.csv) of the whole "
                                           "store (/exports/…) or of one document (/exports/doc/{unit}/{year}/{phase}/…)")
async def get_export(path: str, request: Request, settings: SettingsDep, store: StoreDep) -> Response:
    folder, _, file = path.rpartition("/")
    if file not in (fdp.PACKAGE_FILE, fdp.RESOURCE_FILE):
        raise ApiError(404, f"exports are {fdp.PACKAGE_FILE} and {fdp.RESOURCE_FILE}")
    graph = _document(settings, store, folder)
    if file == fdp.RESOURCE_FILE:
        graphs = [graph] if graph else document_graphs(store)
        return StreamingResponse(_csv(settings, store, graphs), media_type=CSV_MEDIA)
    titles = await bounded(settings.query_timeout, document_titles, store) if graph else {}
    years = await bounded(settings.query_timeout, fdp.document_years, store, graph)
    package = fdp.descriptor(
        name=f"budgetkg-{folder.replace('/', '-')}" if graph else "budgetkg",
        title=titles.get(graph, graph) if graph else settings.catalog_title,
        homepage=graph or f"{settings.base_iri}catalog", licence=settings.licence, years=years)
    return JSONResponse(package, media_type=DATA_PACKAGE.media_type)


async def _csv(settings: Settings, store: GraphStore, graphs: list[str]) -> AsyncIterator[str]:
    """The CSV, one document at a time (each query bounded by the query timeout)."""
    yield fdp.csv_header()
    for graph in graphs:
        lines = await bounded(settings.query_timeout, fdp.observations, store, graph)
        yield fdp.csv_lines(lines)
