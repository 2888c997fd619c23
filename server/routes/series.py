"""``/id/unit/{key}/series.csv``: a unit's series over its documents as CSV (:mod:`server.series`); also served for
the unit's IRI with ``format=csv`` or ``Accept: text/csv`` (:mod:`server.routes.resources`). Included before the
exports router, whose ``/id/{path}.csv`` (a table as CSV) would take the path otherwise."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ..bounded import bounded
from ..config import Settings
from ..deps import SettingsDep, StoreDep
from ..errors import ApiError
from ..series import GROUPS, series_csv, unit_series
from ..store import GraphStore
from ..views import documents_of

router = APIRouter(tags=["resources"])
SERIES_HELP = "function, economic, nature (合计 / 基本支出 / 项目支出), three-public (三公) or all"


@router.get("/id/unit/{key}/series.csv", summary="A unit's series over its documents as CSV: amounts, the change "
                                                 "from the year before and the change the document prints (元)",
            responses={200: {"content": {"text/csv": {}}}, 400: {}, 404: {}})
async def get_unit_series(key: str, settings: SettingsDep, store: StoreDep,
                          series: Annotated[str, Query(description=SERIES_HELP)] = "all") -> Response:
    return await series_response(settings, store, f"{settings.base_iri}id/unit/{key}", series)


async def series_response(settings: Settings, store: GraphStore, unit: str, group: str | None) -> Response:
    if group not in (None, "all", *GROUPS):
        raise ApiError(400, f"unknown series {group!r}: {SERIES_HELP}")
    docs = await bounded(settings.query_timeout, documents_of, store, unit)
    if not docs:
        raise ApiError(404, f"{unit} is no unit with documents in the store")
    data = await bounded(settings.query_timeout, unit_series, store, unit, docs, "zh")
    name = unit.rsplit("/", 1)[-1] + "-series" + (f"-{group}" if group and group != "all" else "") + ".csv"
    return Response(series_csv(data, group), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Vary": "Accept"})
