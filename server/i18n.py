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
    # List pages (server/lists.py): titles, columns and facets ("field_*"), paging.
    "list_documents": ("Văn bản", "Documents"), "list_plans": ("Kế hoạch", "Plans"),
    "list_tasks": ("Nhiệm vụ", "Tasks"), "list_agencies": ("Cơ quan", "Agencies"),
    "list_instruments": ("Văn bản pháp luật", "Legal instruments"),
    "field_label_documents": ("Văn bản", "Document"), "field_label_plans": ("Kế hoạch", "Plan"),
    "field_label_tasks": ("Nhiệm vụ", "Task"), "field_label_agencies": ("Cơ quan", "Agency"),
    "field_label_instruments": ("Văn bản", "Instrument"),
    "field_city": ("Địa phương", "City or province"), "field_plan": ("Kế hoạch", "Plan"),
    "field_section": ("Nhóm nhiệm vụ", "Section"), "field_lead": ("Cơ quan chủ trì", "Lead agency"),
    "field_period": ("Thời gian thực hiện", "Period"),
    "field_instrument": ("Văn bản được trích dẫn", "Cited instrument"),
    "field_source": ("Nguồn", "Source"), "field_number": ("Số hiệu", "Number"), "field_date": ("Ngày", "Date"),
    "field_issuer": ("Cơ quan ban hành", "Issuer"), "field_title": ("Trích yếu", "Title"),
    "field_plans": ("Số kế hoạch", "Plans"), "field_tasks": ("Số nhiệm vụ", "Tasks"), "field_year": ("Năm", "Year"),
    "field_type": ("Loại văn bản", "Type"), "field_decision": ("Quyết định", "Decision"),
    "field_objectives": ("Số mục tiêu", "Objectives"), "field_kind": ("Loại cơ quan", "Kind of agency"),
    "field_led": ("Nhiệm vụ chủ trì", "Tasks led"), "field_participated": ("Nhiệm vụ phối hợp", "Tasks joined"),
    "field_status": ("Tình trạng", "Status"), "field_jurisdiction": ("Phạm vi", "Jurisdiction"),
    "field_citing_tasks": ("Số nhiệm vụ trích dẫn", "Citing tasks"),
    "field_citing_documents": ("Số văn bản trích dẫn", "Citing documents"),
    "status_ingested": ("Có toàn văn", "Text ingested"), "status_cited": ("Chỉ được trích dẫn", "Cited only"),
    "of": ("trong tổng số", "of"), "filters": ("Bộ lọc", "Filters"), "remove": ("Bỏ lọc", "Remove"),
    "more_values": ("Chỉ hiện các giá trị nhiều nhất", "Only the most frequent values are shown"),
    "line": ("dòng", "line"), "text": ("toàn văn", "text"), "page": ("Trang", "Page"),
    "prev": ("Trang trước", "Previous"), "next": ("Trang sau", "Next"),
    # comparison pages (server/compare.py)
    "compare": ("So sánh địa phương", "Compare cities"),
    "compare_intro": ("Đặt hai địa phương (hoặc một tỉnh và cấp Trung ương, mã VN) cạnh nhau theo một chủ đề; "
                      "cùng một văn bản, cùng một loại cơ quan, cùng một chỉ số là cùng một IRI ở mọi nơi.",
                      "Set two cities (or a province and the national level, code VN) side by side on one topic: "
                      "the same decree, kind of agency or indicator is the same IRI everywhere."),
    "compare_city_a": ("Địa phương thứ nhất", "First city"), "compare_city_b": ("Địa phương thứ hai", "Second city"),
    "compare_topic": ("Chủ đề (từ trong nhiệm vụ hoặc tên kế hoạch)", "Topic (words in the task or plan title)"),
    "compare_go": ("So sánh", "Compare"), "compare_swap": ("Đổi chỗ", "Swap"),
    "compare_cities": ("Hai địa phương cạnh nhau", "Two cities side by side"),
    "compare_kinds": ("Nhiệm vụ theo loại cơ quan và địa phương", "Tasks by kind of agency and city"),
    "compare_instruments": ("Văn bản được nhiều địa phương trích dẫn", "Instruments several cities cite"),
    "compare_targets": ("Chỉ tiêu theo chỉ số, địa phương và năm", "Targets by indicator, city and year"),
    "compare_same_data": ("Cùng dữ liệu qua API", "The same data from the API"),
    "compare_by_kind": ("Nhiệm vụ theo loại cơ quan chủ trì", "Tasks by kind of lead agency"),
    "compare_no_kind": ("Cơ quan chưa phân loại", "Agencies of no known kind"),
    "compare_both": ("Cả hai cùng trích dẫn", "Cited by both"),
    "compare_only": ("Chỉ {city} trích dẫn", "Cited by {city} only"),
    "compare_citations": ("lần trích dẫn", "citations"),
    "compare_tasks_matching": ("nhiệm vụ phù hợp", "matching tasks"),
    "compare_cities_citing": ("địa phương", "cities"),
    "compare_min_cities": ("Ít nhất số địa phương", "At least this many cities"),
    "compare_indicator": ("Chỉ số", "Indicator"),
    "compare_indicator_filter": ("Lọc chỉ số (cụm từ)", "Filter indicators (phrase)"),
    "compare_no_shared": ("Chưa có văn bản nào được từ {n} địa phương trở lên trích dẫn.",
                          "No instrument is cited by {n} or more cities yet."),
    "compare_truncated": ("Chỉ hiện {n} văn bản đầu.", "Only the first {n} instruments are shown."),
    "documents_short": ("văn bản", "documents"), "tasks_short": ("nhiệm vụ", "tasks"),
    "agencies_short": ("cơ quan", "agencies"),
    # entity pages and tracing views
    "kind": ("Loại", "Kind"), "properties": ("Thuộc tính", "Properties"),
    "source_quotes": ("Trích dẫn nguồn", "Source quotes"),
    "quote_source": ("nội dung", "text"), "quote_citation": ("trích dẫn", "cites"),
    "quote_agency": ("cơ quan", "agency"), "quote_other": ("đoạn", "span"),
    "details": ("Chi tiết", "Details"), "incoming": ("Liên kết đến", "Incoming links"),
    "previous": ("Trang trước", "Previous"),
    "open_sparql": ("Mở bằng SPARQL", "Open as SPARQL"), "formats": ("Định dạng", "Formats"),
    "show_text": ("Hiện toàn văn", "Show the full text"),
    "tracing_instrument": ("Nhiệm vụ triển khai, trích dẫn văn bản này", "Tasks that carry out or cite it"),
    "tracing_agency_lead": ("Nhiệm vụ chủ trì", "Tasks it leads"),
    "in_task_list": ("Xem trong danh sách nhiệm vụ, có bộ lọc", "Browse these tasks with facets"),
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
    # the query API's documentation page (/api/docs)
    "api_intro": ("Mỗi truy vấn nhận thêm limit, offset và format=json|csv. Bản đọc bằng máy:",
                  "Every query also takes limit, offset and format=json|csv. Machine-readable:"),
    "api_param": ("Tham số", "Parameter"), "api_type": ("Kiểu", "Type"), "api_default": ("Mặc định", "Default"),
    "api_required": ("Bắt buộc", "Required"), "api_meaning": ("Ý nghĩa", "Meaning"),
    "api_no_params": ("Không có tham số.", "No parameters."), "yes": ("có", "yes"), "no": ("không", "no"),
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
