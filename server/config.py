"""Server settings: every setting has a default and a ``BUDGETKG_*`` environment variable.

=====================  ==============================  =====================================================
setting                environment variable            meaning
=====================  ==============================  =====================================================
store_path             BUDGETKG_STORE_PATH             on-disk Oxigraph store folder, or the http(s) URL of a SPARQL 1.1 store
                                                       (server/README-stores.md); empty = in memory
store_password         BUDGETKG_STORE_PASSWORD         password for a remote store's updates (user in the URL: http://user@host/…)
base_iri               BUDGETKG_BASE_IRI               base of every data IRI (``{base}id/...``); unset = follows host and
                                                       port: ``http://localhost:{port}/`` on a loopback or wildcard
                                                       address, ``http://{host}:{port}/`` otherwise
host / port            BUDGETKG_HOST / BUDGETKG_PORT   where ``budgetkg serve`` listens
query_timeout          BUDGETKG_QUERY_TIMEOUT          seconds a SPARQL query may run; then 503 and the worker is killed
row_cap                BUDGETKG_ROW_CAP                most rows / triples returned; more are cut and the response marked
query_workers          BUDGETKG_QUERY_WORKERS          worker processes that evaluate SPARQL (0 = in-process threads)
max_query_length       BUDGETKG_MAX_QUERY_LENGTH       longest accepted query text, in characters (413 beyond)
max_query_depth        BUDGETKG_MAX_QUERY_DEPTH        deepest accepted query parse tree (413 beyond; server/sparql_syntax.py)
max_query_nodes        BUDGETKG_MAX_QUERY_NODES        largest accepted query parse tree, in nodes (413 beyond)
max_response_bytes     BUDGETKG_MAX_RESPONSE_BYTES     largest query response body; longer results are cut and marked like row_cap
service_allow          BUDGETKG_SERVICE_ALLOW          comma-separated endpoint IRIs a query may call with SERVICE ("*" = any)
upload_token           BUDGETKG_UPLOAD_TOKEN           bearer token for ``PUT /documents/{id}``; empty = uploads disabled
max_upload_bytes       BUDGETKG_MAX_UPLOAD_BYTES       largest accepted upload (checked before it is read: Content-Length, then a stream)
validate_per_minute    BUDGETKG_VALIDATE_PER_MINUTE    POST /validate calls per minute per client address without the upload token
                                                       (0 = the token is required)
upload_workers         BUDGETKG_UPLOAD_WORKERS         worker processes that read uploads (at most this many at once; server/upload_worker.py)
upload_memory_mb       BUDGETKG_UPLOAD_MEMORY_MB       address-space limit of an upload worker, in MiB
upload_timeout         BUDGETKG_UPLOAD_TIMEOUT         seconds an upload may take to read and validate; then 422 and the worker is killed
max_pdf_pages          BUDGETKG_MAX_PDF_PAGES          most pages of an uploaded PDF
licence                BUDGETKG_LICENCE                licence IRI of the published data (DCAT ``dct:license``)
catalog_issued         BUDGETKG_CATALOG_ISSUED         date the catalogue was first published (DCAT ``dct:issued``)
publisher_name         BUDGETKG_PUBLISHER_NAME         catalogue publisher name
publisher_iri          BUDGETKG_PUBLISHER_IRI          catalogue publisher IRI; empty = ``{base}id/publisher``
catalog_title          BUDGETKG_CATALOG_TITLE          catalogue title
cors_origins           BUDGETKG_CORS_ORIGINS           comma-separated origins allowed by CORS ("*" = any)
=====================  ==============================  =====================================================
"""

from __future__ import annotations

from pydantic import Field, PrivateAttr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings of the linked-data server (see the module docstring for the table)."""

    model_config = SettingsConfigDict(env_prefix="BUDGETKG_", extra="ignore")

    store_path: str = Field(
        "data/store", description="On-disk Oxigraph store folder or http(s) URL of a SPARQL 1.1 store; empty = in memory."
    )
    store_password: str = Field("", description="Password for a remote store's update endpoint (user in the URL).")
    base_iri: str = Field("http://localhost:8000/", description="Base of every data IRI.")
    host: str = Field("127.0.0.1", description="Address `budgetkg serve` listens on.")
    port: int = Field(8000, description="Port `budgetkg serve` listens on.")
    query_timeout: float = Field(10.0, gt=0, description="Seconds a SPARQL query may run before 503.")
    row_cap: int = Field(10_000, gt=0, description="Most result rows or triples returned; more are truncated.")
    query_workers: int = Field(2, ge=0, description="SPARQL worker processes; 0 = threads in the server process.")
    max_query_length: int = Field(100_000, gt=0, description="Longest accepted query text (characters).")
    max_query_depth: int = Field(128, gt=0, description="Deepest accepted query parse tree (levels).")
    max_query_nodes: int = Field(60_000, gt=0, description="Largest accepted query parse tree (nodes).")
    max_response_bytes: int = Field(
        50_000_000, gt=0, description="Largest query response body (bytes); longer results are cut and marked."
    )
    service_allow: str = Field("", description="Comma-separated SERVICE endpoints allowed; '*' = any.")
    upload_token: str = Field("", description="Bearer token for PUT /documents/{id}; empty disables uploads.")
    max_upload_bytes: int = Field(50_000_000, gt=0, description="Largest accepted upload in bytes.")
    validate_per_minute: int = Field(
        10, ge=0, description="POST /validate calls per minute per client without the token; 0 = token required."
    )
    upload_workers: int = Field(1, gt=0, description="Worker processes that read uploads.")
    upload_memory_mb: int = Field(1536, gt=0, description="Address-space limit of an upload worker (MiB).")
    upload_timeout: float = Field(120.0, gt=0, description="Seconds to read and validate one upload.")
    max_pdf_pages: int = Field(500, gt=0, description="Most pages of an uploaded PDF.")
    licence: str = Field(
        "http://creativecommons.org/licenses/by/4.0/", description="Licence IRI of the published data."
    )
    publisher_name: str = Field("budgetkg", description="Name of the catalogue publisher.")
    publisher_iri: str = Field("", description="IRI of the catalogue publisher; empty = {base}id/publisher.")
    catalog_issued: str = Field(
        "", pattern=r"^(\d{4}-\d{2}-\d{2})?$",
        description="Date the catalogue was first published (YYYY-MM-DD), its dct:issued; empty = not stated.")
    catalog_title: str = Field("中国预算公开数据 / Chinese public budget disclosures", description="Title.")
    cors_origins: str = Field("*", description="Comma-separated CORS origins; '*' = any.")
    _base_given: bool = PrivateAttr(False)

    @field_validator("base_iri")
    @classmethod
    def _slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _base_follows_address(self) -> Settings:
        """Unless the base IRI is set (argument or ``BUDGETKG_BASE_IRI``), links name the address served on."""
        self._base_given = "base_iri" in self.model_fields_set
        if not self._base_given:
            self.base_iri = base_for(self.host, self.port)
        return self

    @property
    def base_is_set(self) -> bool:
        """True when the base IRI was given, not derived from host and port."""
        return self._base_given

    @property
    def service_allow_list(self) -> list[str]:
        return [s.strip() for s in self.service_allow.split(",") if s.strip()]

    @property
    def cors_origin_list(self) -> list[str]:
        return [s.strip() for s in self.cors_origins.split(",") if s.strip()]

    @property
    def publisher(self) -> str:
        return self.publisher_iri or f"{self.base_iri}id/publisher"

    @property
    def sparql_endpoint(self) -> str:
        return f"{self.base_iri}sparql"


LOOPBACK = {"", "127.0.0.1", "localhost", "::1", "0.0.0.0", "::"}  # 0.0.0.0 / :: listen on loopback too


def base_for(host: str, port: int) -> str:
    """The base IRI of a server on ``host:port``: ``http://localhost:8000/`` for the defaults."""
    name = "localhost" if host in LOOPBACK else (f"[{host}]" if ":" in host else host)
    return f"http://{name}/" if port == 80 else f"http://{name}:{port}/"
