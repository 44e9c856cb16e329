"""Interface strings in Vietnamese (the default) and English; ``?lang=en`` switches and is remembered."""

from __future__ import annotations

from flask import request

LANGUAGES = ("vi", "en")
STRINGS: dict[str, tuple[str, str]] = {
    "tagline": ("Kế hoạch, nhiệm vụ, cơ quan và văn bản pháp luật của các địa phương Việt Nam",
                "Plans, tasks, agencies and legal instruments of Vietnamese governments"),
    "search": ("Tìm kiếm", "Search"),
    "search_placeholder": ("vd. nghị định 40, Sở KH&CN, nông nghiệp công nghệ cao",
                           "e.g. nghi dinh 40, KH&CN, high-tech agriculture"),
    "documents": ("Văn bản", "Documents"), "plans": ("Kế hoạch", "Plans"), "tasks": ("Nhiệm vụ", "Tasks"),
    "agencies": ("Cơ quan", "Agencies"), "instruments": ("Văn bản được trích dẫn", "Cited instruments"),
    "cities": ("Địa phương", "Cities and provinces"), "newest": ("Văn bản mới nhất", "Newest documents"),
    "sparql": ("Truy vấn SPARQL", "SPARQL"), "api": ("API truy vấn", "Query API"),
    "results": ("kết quả", "results"), "no_results": ("Không có kết quả", "No results"),
    "kind_document": ("Văn bản", "Documents"), "kind_agency": ("Cơ quan", "Agencies"),
    "kind_plan": ("Kế hoạch", "Plans"), "kind_task": ("Nhiệm vụ", "Tasks"),
    "kind_objective": ("Mục tiêu", "Objectives"), "kind_person": ("Người", "People"),
    "kind_place": ("Địa phương", "Places"), "json": ("JSON", "JSON"),
    "switch": ("English", "Tiếng Việt"),
}


def language() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get("lang")
    return remembered if remembered in LANGUAGES else "vi"


def translate(key: str) -> str:
    vi, en = STRINGS[key]
    return en if language() == "en" else vi
