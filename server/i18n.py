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
    # entity pages and tracing views
    "kind": ("Loại", "Kind"), "properties": ("Thuộc tính", "Properties"),
    "source_quotes": ("Trích dẫn nguồn", "Source quotes"), "line": ("dòng", "line"),
    "quote_source": ("nội dung", "text"), "quote_citation": ("trích dẫn", "cites"),
    "quote_agency": ("cơ quan", "agency"), "quote_other": ("đoạn", "span"),
    "details": ("Chi tiết", "Details"), "incoming": ("Liên kết đến", "Incoming links"),
    "page": ("trang", "page"), "previous": ("Trang trước", "Previous"), "next": ("Trang sau", "Next"),
    "open_sparql": ("Mở bằng SPARQL", "Open as SPARQL"), "formats": ("Định dạng", "Formats"),
    "show_text": ("Hiện toàn văn", "Show the full text"),
    "tracing_instrument": ("Nhiệm vụ triển khai, trích dẫn văn bản này", "Tasks that carry out or cite it"),
    "tracing_agency_lead": ("Nhiệm vụ chủ trì", "Tasks it leads"),
    "tracing_agency_participant": ("Nhiệm vụ phối hợp", "Tasks it takes part in"),
    "no_tasks": ("Không có nhiệm vụ nào", "No tasks"),
    "graph": ("Đồ thị văn bản → nhiệm vụ → cơ quan chủ trì", "Graph: instrument → tasks → lead agencies"),
    "timeline": ("Tiến độ theo giai đoạn", "Timeline by period"), "undated": ("Không rõ thời hạn", "No period"),
    "task_number": ("TT", "No."), "task_text": ("Nội dung", "Task"), "lead": ("Chủ trì", "Lead"),
    "participants": ("Phối hợp", "With"), "period": ("Thời gian", "Period"), "source_line": ("Dòng", "Line"),
    "quote": ("Trích dẫn", "Quote"), "relation_applies": ("triển khai", "applies"),
    "relation_cites": ("trích dẫn", "cites"), "relation_based_on": ("căn cứ", "based on"),
    "relation_proposal": ("tờ trình", "proposal"),
    "objectives": ("Mục tiêu", "Objectives"), "targets": ("Chỉ tiêu", "Targets"),
    "indicator": ("Chỉ số", "Indicator"), "comparator": ("So sánh", "Comparator"), "value": ("Giá trị", "Value"),
    "unit": ("Đơn vị", "Unit"), "year": ("Năm", "Year"), "task_table": ("Bảng nhiệm vụ", "Task table"),
    "plan": ("Kế hoạch", "Plan"), "decision": ("Quyết định", "Decision"), "city": ("Địa phương", "City"),
    "document_facts": ("Thông tin văn bản", "About the document"), "date": ("Ngày", "Date"),
    "issuer": ("Cơ quan ban hành", "Issued by"), "signer": ("Người ký", "Signed by"),
    "legal_basis": ("Căn cứ pháp lý", "Legal basis"), "task_facts": ("Nhiệm vụ", "Task"),
    "instruments_cited": ("Văn bản được trích dẫn", "Instruments cited"), "count_tasks": ("nhiệm vụ", "tasks"),
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
