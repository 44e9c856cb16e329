"""Which URLs may become links: paths on this server and http(s) URLs; anything else is shown as text.

An IRI in the data may have any scheme — ``javascript:alert(1)`` is a valid IRI — so every ``href`` of every
page goes through :func:`safe_href` (the templates' ``href`` filter writes the whole attribute, or nothing, so
an IRI that may not be a link is rendered as text), and the editor's script applies the same rule to IRIs in
query results.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_IGNORED = re.compile(r"[\x00-\x20\x7f]")  # browsers drop tabs and newlines inside URLs and trim the ends
_WEB = re.compile(r"https?:", re.IGNORECASE)


def safe_href(url: str | None) -> str | None:
    """*url* when it may be a link (a path, query or fragment here, or an http(s) URL), else None.

    >>> [safe_href(u) for u in ("/eli/vn/1", "https://example.org/x", "?page=2", "#L5")]
    ['/eli/vn/1', 'https://example.org/x', '?page=2', '#L5']
    >>> [safe_href(u) for u in ("javascript:alert(1)", "java\\tscript:alert(1)", " data:text/html,x", "urn:x:1", None)]
    [None, None, None, None, None]
    """
    if not url:
        return None
    seen = _IGNORED.sub("", url)
    if seen.startswith(("/", "?", "#")) or _WEB.match(seen):
        return url
    return None


def href_attribute(url: str | None) -> Markup:
    """`` href="…"`` for a URL that may be a link, nothing otherwise (the templates' ``href`` filter)."""
    safe = safe_href(url)
    return Markup(f' href="{escape(safe)}"') if safe is not None else Markup("")
