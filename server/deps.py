"""FastAPI dependencies as ``Annotated`` aliases (settings, store, executor, templates).

They are ``async`` on purpose: FastAPI runs a plain ``def`` dependency in its thread pool, a thread hop per
dependency on every request for what is an attribute lookup."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from .config import Settings
from .executor import Executor
from .store import GraphStore


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _store(request: Request) -> GraphStore:
    return request.app.state.store


async def _executor(request: Request) -> Executor:
    return request.app.state.executor


async def _templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[GraphStore, Depends(_store)]
ExecutorDep = Annotated[Executor, Depends(_executor)]
TemplatesDep = Annotated[Jinja2Templates, Depends(_templates)]
