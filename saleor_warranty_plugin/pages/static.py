"""Static files shipped in the package, served by the plugin with long-lived cache headers.

URLs carry a hash of the file's content (`static/<hash>/warranty/...`), so a new release
never meets a stale copy in a browser cache; an outdated hash still gets the current file,
but without the long cache lifetime.
"""

import functools
import hashlib
import mimetypes
from pathlib import Path

from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed, HttpResponseNotFound
from django.http.response import HttpResponseBase

STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


def _resolve(name: str) -> Path | None:
    candidate = (STATIC_ROOT / name).resolve()
    if STATIC_ROOT not in candidate.parents or not candidate.is_file():
        return None
    return candidate


@functools.cache
def content_hash(name: str) -> str:
    file = _resolve(name)
    if file is None:
        raise ValueError(f"no static file {name!r} in the package")
    return hashlib.sha256(file.read_bytes()).hexdigest()[:12]


def static_path(name: str) -> str:
    from .router import page_path

    return page_path("static", version=content_hash(name), name=name)


def serve(request, version: str, name: str) -> HttpResponseBase:
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    file = _resolve(name)
    if file is None:
        return HttpResponseNotFound()
    current = content_hash(name)
    response: HttpResponseBase
    if request.headers.get("If-None-Match") == f'"{current}"':
        response = HttpResponse(status=304)
    else:
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
        response = FileResponse(file.open("rb"), content_type=content_type)
    response["ETag"] = f'"{current}"'
    response["Cache-Control"] = IMMUTABLE if version == current else "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response
