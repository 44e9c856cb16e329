"""Every browse page has a working JSON twin: a crawl from the home page follows local links and opens
the twin each page links to in its footer."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import requests
from support import LiveServer

SKIP = ("/sparql", "/query", "/update", "/store", "/dump", "/metrics", "/api/", "/.well-known", "/ontology",
        "/static/", "/health", "/version")
HREF = re.compile(r'href="([^"#]+)')
FOOTER_JSON = re.compile(r'<footer><a href="([^"]+)">JSON</a>')


def _local(page_url: str, href: str, root: str) -> str | None:
    url = urljoin(page_url, href.replace("&amp;", "&"))
    if not url.startswith(root):
        return None
    path = urlsplit(url).path
    if path.startswith(SKIP) or "format=" in url or path.endswith(".json") or path.startswith("/editor"):
        return None
    return url


def test_every_page_reached_from_home_has_a_json_twin(live: LiveServer) -> None:
    root = live.url + "/"
    seen, queue, checked, kinds = {root}, deque([root]), 0, set()
    while queue and checked < 250:
        url = queue.popleft()
        response = requests.get(url, headers={"Accept": "text/html"}, timeout=60)
        assert response.status_code == 200, url
        if not response.headers["Content-Type"].startswith("text/html"):
            continue
        footer = FOOTER_JSON.search(response.text)
        assert footer, f"{url} has no JSON twin link"
        twin = requests.get(urljoin(url, footer.group(1).replace("&amp;", "&")), timeout=60)
        assert twin.status_code == 200 and twin.headers["Content-Type"].startswith("application/json"), url
        assert twin.json()["ok"] is True
        checked += 1
        kinds.add(urlsplit(url).path.split("/")[1] or "home")
        for href in HREF.findall(response.text):
            target = _local(url, href, root)
            if target and target not in seen and len(seen) < 400:
                seen.add(target)
                queue.append(target)
    assert checked >= 60
    # the crawl reached lists, search-free browse pages, entity pages of several kinds and the source view
    assert {"home", "tasks", "agencies", "eli", "id", "source", "concept"} <= kinds, kinds
