"""Absolute URLs from the configured public URL, never from the request's ``Host`` header.

A client chooses its ``Host`` header, so a URL built from it (VoID's ``void:sparqlEndpoint``, the service
description, OpenAPI ``servers``, a redirect's ``Location``, the base IRI a query or update is resolved
against) would be whatever the client said. :class:`PublicUrl` wraps the WSGI application and sets the
scheme and host every URL is built from to ``PLANGRAPH_PUBLIC_URL`` before Flask sees the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def check_public_url(url: str) -> str:
    """*url* without a trailing slash, if it is ``http(s)://host[:port]``; ValueError otherwise.

    >>> check_public_url("https://plangraph.example.org/")
    'https://plangraph.example.org'
    """
    parts = urlsplit(url)
    extra = parts.path.strip("/") or parts.query or parts.fragment or parts.username or parts.password
    if parts.scheme not in ("http", "https") or not parts.hostname or extra:
        raise ValueError(f"PLANGRAPH_PUBLIC_URL must be http(s)://host[:port], not {url!r}")
    _ = parts.port  # raises ValueError on a bad port
    return f"{parts.scheme}://{parts.netloc}"


class PublicUrl:
    """WSGI middleware: every request is seen as addressed to the public URL (the client's ``Host`` is kept
    only as ``plangraph.host`` in the environ, for logs)."""

    def __init__(self, app: WsgiApp, url: str) -> None:
        parts = urlsplit(check_public_url(url))
        self.app, self.scheme, self.netloc = app, parts.scheme, parts.netloc
        self.name = parts.hostname or ""
        self.port = str(parts.port or (443 if parts.scheme == "https" else 80))

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ["plangraph.host"] = environ.get("HTTP_HOST", "")
        environ["HTTP_HOST"] = self.netloc
        environ["SERVER_NAME"], environ["SERVER_PORT"] = self.name, self.port
        environ["wsgi.url_scheme"] = self.scheme
        for forwarded in ("HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO", "HTTP_FORWARDED"):
            environ.pop(forwarded, None)
        return self.app(environ, start_response)
