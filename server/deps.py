"""FastAPI dependencies as ``Annotated`` aliases (settings, store, executor, templates)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from .config import Settings
from .executor import Executor
from .store import GraphStore


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _store(request: Request) -> GraphStore:
    return request.app.state.store


def _executor(request: Request) -> Executor:
    return request.app.state.executor


def _templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[GraphStore, Depends(_store)]
ExecutorDep = Annotated[Executor, Depends(_executor)]
TemplatesDep = Annotated[Jinja2Templates, Depends(_templates)]
