"""Screenshots of the main pages for the README tour, taken in headless Chromium from a server over the seed
and, when ../shared/corpus is beside the checkout, its documents of other cities (for the comparison pages); when
../shared/wild is beside it too, the pages that need several bodies carrying out one instrument are taken from a
second store that adds the wild documents (the store of `make run`). The comparison with another instance
(`peer.png`) is taken from two servers: the seed's, asking a second one that serves Đồng Tháp's plan.

    .venv/bin/python docs/screenshots.py          # writes docs/screenshots/*.png
    .venv/bin/python docs/screenshots.py peer     # only the shots named
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "docs" / "screenshots"
PORT = 18761
PAGES = {
    "home": "/",
    "search": "/search?q=nghi+dinh+40",
    "instrument": "/eli/vn/cp/nd/2014/40",
    "agency": "/id/org/31/so-khoa-hoc-va-cong-nghe",
    "plan": "/eli/vn/ubnd-31/qd/2016/281/kh-1",
    "tasks": "/tasks?lead=https%3A%2F%2Fw3id.org%2Fplangraph%2Fid%2Forg%2F31%2Fso-khoa-hoc-va-cong-nghe",
    "source": "/source/ee0985feb57fa52d/text#L68",
    "editor": "/editor?example=tasks-implementing",
    "compare": "/compare/cities?a=31&b={Đồng Tháp}&topic=khoa+h%E1%BB%8Dc",
    "kinds": "/compare/kinds",
    "hub": "/compare",
    "error": "/id/org/31/so-khoa-hoc-va-cong-ngh",
    "void": "/void",
}
WILD_PAGES = {  # only the wild documents have instruments carried out by several bodies
    "dossier": "/eli/vn/tw/nq/2024/57",
    "carrying": "/compare/carrying?instrument=https%3A%2F%2Fw3id.org%2Fplangraph%2Feli%2Fvn%2Ftw%2Fnq%2F2025%2F66",
}
CORPUS = ROOT.parent / "shared" / "corpus"
WILD = ROOT.parent / "shared" / "wild"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    only = set(sys.argv[1:])
    if only:
        for shots in (PAGES, WILD_PAGES):
            for name in set(shots) - only:
                del shots[name]
    documents = [*map(str, ROOT.glob("corpus/*.txt")), *map(str, sorted(CORPUS.glob("*.txt")))]
    if PAGES:
        shoot(documents, PAGES)
    if WILD_PAGES and WILD.is_dir():
        shoot([*documents, str(WILD)], WILD_PAGES)
    elif WILD_PAGES:
        print(f"skipped {', '.join(WILD_PAGES)}: {WILD} is not beside the checkout")
    dong_thap = sorted(CORPUS.glob("02_*.txt"))
    if only and "peer" not in only:
        return
    if dong_thap:
        peer = f"http://127.0.0.1:{PORT + 1}/sparql"
        with served([str(dong_thap[0])], PORT + 1, {}):
            shoot([*map(str, ROOT.glob("corpus/*.txt"))], {"peer": "/compare/peer"},
                  {"PLANGRAPH_PEERS": peer, "PLANGRAPH_SERVICE_ALLOW": peer, "PLANGRAPH_SERVICE_ALLOW_PRIVATE": "1"})
    else:
        print(f"skipped peer: Đồng Tháp's plan is not in {CORPUS}")


@contextmanager
def served(documents: list[str], port: int, env: dict[str, str]) -> Iterator[str]:
    """A server on a fresh store of *documents*, up; its address."""
    with tempfile.TemporaryDirectory(prefix="plangraph-shots-") as tmp:
        store = Path(tmp) / "store"
        subprocess.run([str(BIN / "plangraph"), "ingest", "--store", str(store), "--skip-refused", *documents],
                       check=True, capture_output=True)
        server = subprocess.Popen([str(BIN / "plangraph"), "serve", "--store", str(store), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env})
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/health", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.3)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def shoot(documents: list[str], pages: dict[str, str], env: dict[str, str] | None = None) -> None:
    """Ingest *documents* into a fresh store, serve it (with *env*) and take a screenshot of each of *pages*."""
    with served(documents, PORT, env or {}) as base:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            listed = json.loads(urllib.request.urlopen(base + "/compare.json").read())["cities"]
            codes = {c["name"]: c["code"] for c in listed}
            for name, path in pages.items():
                for wanted in ("Đồng Tháp",):  # a place named in PAGES by its name: its code in this store
                    code = next((c for name, c in codes.items() if wanted in name), None)
                    path = path.replace("{" + wanted + "}", code) if code else path
                if "{" in path:
                    print(f"skipped {name}: its city is not in the store ({path})")
                    continue
                page.goto(base + path, timeout=120000)
                if name == "editor":  # run the gallery query so the results table shows below it
                    page.set_viewport_size({"width": 1280, "height": 1300})
                    page.get_by_role("button", name="Chạy truy vấn").click()
                    page.wait_for_selector("#editor-results[data-labelled] table a[href^='/']", timeout=30000)
                page.screenshot(path=str(OUT / f"{name}.png"))
                print(f"docs/screenshots/{name}.png  {path}")
            browser.close()


if __name__ == "__main__":
    main()
