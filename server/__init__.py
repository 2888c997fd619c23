"""budgetkg linked-data server: SPARQL 1.1 endpoint, dereferenceable IRIs, catalogue, validation.

    from budgetkg.server import create_app
    from budgetkg.server.config import Settings
    app = create_app(Settings(store_path="data/store"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .config import Settings

__all__ = ["create_app", "Settings"]


def __getattr__(name: str) -> Any:
    """``create_app`` and ``Settings`` on first use: importing a server module does not start FastAPI."""
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "Settings":
        from .config import Settings

        return Settings
    raise AttributeError(name)
