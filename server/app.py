"""The FastAPI application: middleware, routers and the state they share (store, executor, uploads, dumps)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from . import errors
from .compaction import Compactor
from .config import Settings
from .dump_cache import DumpCache
from .executor import make_executor
from .head_requests import HeadAsGet
from .i18n import install as install_i18n
from .security_headers import SecurityHeaders
from .sparql_asgi import SparqlFastPath
from .store import GraphStore
from .store_factory import open_store_for
from .upload_limits import RateLimit
from .upload_worker import Limits, UploadPool

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The FastAPI application over ``store`` (default: the store ``settings.store_path`` names: an Oxigraph folder
    or the URL of a SPARQL 1.1 store, see :func:`server.store_factory.open_store`)."""
    settings = settings or Settings()
    store = store or open_store_for(settings)
    executor = make_executor(store, settings.query_timeout, settings.query_workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        executor.close()
        app.state.uploads.close()
        app.state.dumps.close()
        app.state.compactor.wait(60)

    app = FastAPI(
        title="budgetkg",
        version="0.1.0",
        description=(
            "Chinese public budget disclosures as linked data. SPARQL 1.1 endpoint (read-only), dereferenceable "
            "IRIs under `/id/`, the ontology and code lists, dumps, VoID, a DCAT-AP catalogue, and SHACL validation."
        ),
        lifespan=lifespan,
        docs_url=None,  # served by routes.docs with the vendored Swagger UI (offline, no inline script)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.executor = executor
    app.state.compactor = Compactor(store)
    app.state.uploads = UploadPool(Limits(settings.upload_memory_mb, settings.upload_timeout, settings.max_pdf_pages,
                                          settings.upload_workers))
    app.state.validate_limit = RateLimit(settings.validate_per_minute)
    app.state.dumps = DumpCache(store)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    install_i18n(app.state.templates)  # t(zh, en), the reader's language (server/i18n.py)
    app.add_middleware(SparqlFastPath, fastapi_app=app)  # query requests: inside CORS, before FastAPI's routing
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origin_list,
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "Authorization"],
        expose_headers=["X-SPARQL-Truncated", "Content-Type", "Server-Timing"],
    )
    app.add_middleware(HeadAsGet)  # HEAD is GET without the body, for every route
    app.add_middleware(SecurityHeaders)  # outermost: every response, the fast path's too
    errors.install(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    from .routes import catalog, docs, exports, ontology, resources, series, sparql, validate

    for module in (sparql, series, exports, resources, ontology, catalog, validate, docs):  # exports' /id/….csv first
        app.include_router(module.router)
    return app
