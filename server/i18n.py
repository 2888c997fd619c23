"""The reader's language on the pages: Chinese first, English by ``?lang=en`` (remembered in a cookie) or by
``Accept-Language``; and the template helpers that read it (``t(zh, en)``, ``lang_url(code)``)."""

from __future__ import annotations

from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

LANGS = ("zh", "en")
COOKIE = "lang"


def _accept_language(header: str | None) -> str | None:
    """The first of zh / en by the ``Accept-Language`` q-values (``en-GB,en;q=0.9`` → en); None when neither."""
    best: tuple[float, int, str] | None = None
    for n, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            key, _, value = p.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGS and q > 0 and (best is None or (q, -n) > (best[0], best[1])):
            best = (q, -n, primary)
    return best[2] if best else None


def lang_of(request: Request) -> str:
    """``?lang=`` first, then the cookie a switch left, then ``Accept-Language``; Chinese by default."""
    asked = request.query_params.get("lang", "").lower()
    if asked in LANGS:
        return asked
    kept = request.cookies.get(COOKIE, "").lower()
    if kept in LANGS:
        return kept
    return _accept_language(request.headers.get("accept-language")) or "zh"


def remember(request: Request, response: Response) -> Response:
    """Keep a ``?lang=`` choice for the next pages (a cookie); pages vary by the reader's language."""
    asked = request.query_params.get("lang", "").lower()
    if asked in LANGS and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 86400, samesite="lax", httponly=True)
    vary = response.headers.get("Vary", "")
    extra = [h for h in ("Accept-Language", "Cookie") if h.lower() not in vary.lower()]
    if extra:
        response.headers["Vary"] = ", ".join(p for p in [vary, *extra] if p)
    return response


def url_with(request: Request, **changes: object) -> str:
    """The request's path with its query changed (None removes a parameter)."""
    params = {k: v for k, v in request.query_params.multi_items()}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


@jinja2.pass_context
def _t(ctx: jinja2.runtime.Context, zh: str, en: str) -> str:
    """``{{ t("目录", "Catalogue") }}``: the reader's language."""
    return en if _lang(ctx) == "en" else zh


@jinja2.pass_context
def _lang(ctx: jinja2.runtime.Context) -> str:
    lang = ctx.get("lang")
    if lang in LANGS:
        return str(lang)
    request = ctx.get("request")
    return lang_of(request) if request is not None else "zh"


@jinja2.pass_context
def _lang_url(ctx: jinja2.runtime.Context, code: str) -> str:
    request = ctx.get("request")
    return url_with(request, lang=code) if request is not None else f"?lang={code}"


def install(templates: Jinja2Templates) -> None:
    """Register the helpers on a template environment (every page, also those of other routes)."""
    templates.env.globals.update(t=_t, page_lang=_lang, lang_url=_lang_url)
