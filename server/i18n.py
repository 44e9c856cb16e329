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
    # SPARQL editor (/editor)
    "editor": ("Trình soạn truy vấn SPARQL", "SPARQL editor"), "editor_query": ("Truy vấn", "Query"),
    "editor_run": ("Chạy truy vấn", "Run query"), "editor_format": ("Định dạng kết quả", "Result format"),
    "editor_hint": ("Ctrl+Enter để chạy, Ctrl+Space để gợi ý tiền tố, lớp và thuộc tính của đồ thị.",
                    "Ctrl+Enter runs the query; Ctrl+Space suggests prefixes, classes and properties of this graph."),
    "editor_prefixes": ("Tiền tố", "Prefixes"),
    "editor_prefix_help": ("Tiền tố dùng trong đồ thị này; bấm để thêm khai báo vào truy vấn.",
                           "The prefixes this graph uses; click one to declare it in the query."),
    "editor_gallery": ("Truy vấn mẫu", "Example queries"), "editor_open": ("Mở trong trình soạn", "Open in the editor"),
    "editor_params": ("Tham số", "Parameters"),
    "editor_params_note": ("Trong trình soạn, tham số để trống và khớp mọi giá trị; liên kết API gắn giá trị mẫu.",
                           "In the editor parameters stay unbound and match every value; the API link binds the "
                           "example values."),
    "editor_api": ("Chạy qua API", "Run through the API"), "editor_show_sparql": ("Xem SPARQL", "Show SPARQL"),
    "editor_download": ("Tải về", "Download"), "editor_running": ("Đang chạy…", "Running…"),
    "editor_rows": ("dòng", "rows"), "editor_truncated": ("kết quả bị cắt bớt", "results truncated"),
    "editor_error_at": ("dòng {line}, cột {column}", "line {line}, column {column}"),
    "editor_no_rows": ("Không có dòng nào", "No rows"),
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
