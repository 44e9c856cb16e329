"""Site chrome: the navigation, breadcrumbs, account and download links, related-document lists and footer
that a crawler keeps around a document saved from a web page. Such lines are reported as site chrome,
never read as the document's text."""

from __future__ import annotations

import re

from plangraph.ingest.read.markdown_text import strip_markdown
from plangraph.language.folding import fold

REASON = "site chrome (navigation, links, footer of the web page), not read"

_LINKS_ONLY = re.compile(r"^(?:[-*•+]\s*)?(?:\[[^\]]*\]\([^)]*\)[\s|·•,;/>-]*)+$")
_BREADCRUMB = re.compile(r"^[^>»›|]{1,60}(?:\s[>»›]\s[^>»›|]{1,100}){2,}$")
_COPYRIGHT = re.compile(r"^(?:bản quyền|copyright|©)", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*[|·•]\s*")
# Labels of a page's own controls and sections (folded), each alone on a line or separated by "|".
_WORDS = frozenset({
    "trang chu", "dang nhap", "dang ky", "dang xuat", "tai ve", "tai van ban", "in van ban", "in", "chia se",
    "van ban lien quan", "van ban goc", "van ban tieng anh", "luoc do", "lien he", "gioi thieu", "tin tuc",
    "dieu khoan su dung", "chinh sach bao mat", "xem them", "tro len dau trang", "luot xem", "menu",
    "tim kiem", "ho tro", "so do trang",
})


def is_chrome(line: str) -> bool:
    """True when *line* is part of the web page around the document rather than the document."""
    text = strip_markdown(line).strip()
    if not text:
        return False
    if _LINKS_ONLY.match(text) or _BREADCRUMB.match(text) or _COPYRIGHT.match(text):
        return True
    parts = [fold(part).strip(" :.") for part in _SEPARATORS.split(text)]
    return all(part in _WORDS for part in parts if part) and any(parts)
