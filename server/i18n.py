"""Interface strings in Vietnamese (the default) and English; ``?lang=en`` switches and is remembered."""

from __future__ import annotations

from flask import Response, request

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
    "editor_cancel": ("Dừng truy vấn", "Cancel query"),
    "editor_cancelled": ("Đã dừng truy vấn", "The query was cancelled"),
    "editor_views": ("Cách xem kết quả", "Result views"),
    "editor_view_table": ("Bảng", "Table"), "editor_view_bars": ("Biểu đồ cột", "Bar chart"),
    "editor_view_timeline": ("Dòng thời gian", "Timeline"), "editor_view_graph": ("Đồ thị", "Graph"),
    "editor_pages": ("Các trang kết quả", "Result pages"),
    "editor_page_of": ("Trang {page}/{pages} · dòng {first}–{last}", "Page {page} of {pages} · rows {first}–{last}"),
    "editor_view_limited": ("Chỉ vẽ {shown} trong {total} dòng đầu.",
                            "Only the first {shown} of {total} rows are drawn."),
    "editor_graph_size": ("{nodes} nút, {edges} cạnh", "{nodes} nodes, {edges} edges"),
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
    "compare_more_tasks": ("… và {n} nhiệm vụ khác: xem cả {all}", "… and {n} more tasks: see all {all}"),
    "compare_more_instruments": ("… và {n} văn bản khác (qua API)", "… and {n} more (through the API)"),
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
    "facet_more": ("{n} giá trị khác", "{n} more values"),
    "compare_no_period": ("Không ghi thời gian", "No period given"),
    "compare_by_period": ("Nhiệm vụ theo thời gian thực hiện", "Tasks by implementation period"),
    "compare_per_city": ("Nhiệm vụ theo địa phương", "Tasks per city or province"),
    "compare_heat": ("Số nhiệm vụ theo loại cơ quan chủ trì (hàng) và địa phương (cột)",
                     "Tasks by kind of lead agency (rows) and city (columns)"),
    "compare_chart_note": ("Biểu đồ và bảng bên cạnh cùng số liệu; bấm một ô hoặc thanh để xem các nhiệm vụ.",
                           "The chart and the table beside it show the same figures; click a cell or bar for "
                           "the tasks."),
    "field_period_short": ("Thời gian", "Period"),
    # the dossier of a legal text (server/dossier.py)
    "dossier": ("Hồ sơ văn bản", "Dossier"),
    "dossier_status": ("Tình trạng hiệu lực", "Status"),
    "state_repealed": ("Hết hiệu lực (bị bãi bỏ hoặc thay thế)", "No longer in force (repealed or replaced)"),
    "state_ceasing": ("Sẽ hết hiệu lực", "Will cease to be in force"),
    "state_amended": ("Đã được sửa đổi, bổ sung", "Amended"),
    "state_in_force": ("Có hiệu lực", "In force"),
    "state_not_yet": ("Chưa có hiệu lực", "Not yet in force"),
    "state_unknown": ("Chưa rõ", "Unknown"),
    "dossier_as_far": ("Theo {n} văn bản có trong đồ thị nêu văn bản này. Một văn bản chưa được đọc vào đồ thị có thể "
                       "đã sửa đổi, bãi bỏ hoặc thay thế nó mà đồ thị không biết.",
                       "As far as the {n} documents of the graph that name it say. A text not read into the graph may "
                       "have amended, repealed or replaced it without the graph knowing."),
    "unknown_no_entry_date": ("Không văn bản nào đã đọc nêu ngày có hiệu lực của văn bản này.",
                              "No document read states when this text entered into force."),
    "unknown_no_end_date": ("Văn bản bãi bỏ, thay thế không nêu ngày hết hiệu lực.",
                            "The repealing or replacing text does not state when it ceases to be in force."),
    "unknown_several_entry_dates": ("Các văn bản nêu những ngày có hiệu lực khác nhau.",
                                    "Documents give different dates of entry into force."),
    "issued_on": ("Ban hành", "Issued"), "in_force_from": ("Có hiệu lực từ", "In force from"),
    "ceases_on": ("Hết hiệu lực từ", "No longer in force from"),
    "stated_in": ("theo", "per"), "relations": ("Quan hệ với văn bản khác", "Relations with other texts"),
    "no_relations": ("Không văn bản nào đã đọc nêu quan hệ của văn bản này.",
                     "No document read states a relation of this text."),
    "rel_amended_by": ("Văn bản sửa đổi, bổ sung", "Amended by"),
    "rel_partly_repealed_by": ("Văn bản bãi bỏ một phần", "Partly repealed by"),
    "rel_repealed_by": ("Văn bản bãi bỏ", "Repealed by"), "rel_replaced_by": ("Văn bản thay thế", "Replaced by"),
    "rel_corrected_by": ("Văn bản đính chính", "Corrected by"),
    "rel_guided_by": ("Văn bản quy định chi tiết, hướng dẫn", "Detailed or guided by"),
    "rel_consolidated_by": ("Văn bản hợp nhất", "Consolidated in"),
    "rel_carried_out_by": ("Văn bản thực hiện", "Carried out by"),
    "rel_amends": ("Văn bản được sửa đổi, bổ sung", "Amends"),
    "rel_partly_repeals": ("Văn bản bị bãi bỏ một phần", "Partly repeals"),
    "rel_repeals": ("Văn bản bị bãi bỏ", "Repeals"), "rel_replaces": ("Văn bản bị thay thế", "Replaces"),
    "rel_corrects": ("Văn bản được đính chính", "Corrects"),
    "rel_guides": ("Văn bản được quy định chi tiết, hướng dẫn", "Details or guides"),
    "rel_consolidates": ("Văn bản được hợp nhất", "Consolidates"),
    "rel_carries_out": ("Văn bản được thực hiện", "Carries out"),
    "acts_on": ("phần", "part"), "list_intro": ("lời dẫn", "introduced by"),
    "events": ("Diễn biến", "Timeline of events"),
    "event_issued": ("ban hành", "issued"), "event_in_force": ("có hiệu lực", "enters into force"),
    "event_ceases": ("hết hiệu lực", "ceases to be in force"),
    "event_amended": ("được sửa đổi, bổ sung bởi", "amended by"),
    "event_partly_repealed": ("bị bãi bỏ một phần bởi", "partly repealed by"),
    "event_repealed": ("bị bãi bỏ bởi", "repealed by"), "event_replaced": ("bị thay thế bởi", "replaced by"),
    "event_corrected": ("được đính chính bởi", "corrected by"), "event_guided": ("được hướng dẫn bởi", "guided by"),
    "event_consolidated": ("được hợp nhất trong", "consolidated in"),
    "event_carried_out": ("được thực hiện bởi", "carried out by"),
    "where_carried_out": ("Nơi thực hiện văn bản", "Where it is carried out"),
    "where_note": ("Cơ quan có văn bản thực hiện văn bản này: tự nêu (“Kế hoạch thực hiện …”) hoặc có nhiệm vụ thực "
                   "hiện nó; số nhiệm vụ của các văn bản đó, loại cơ quan chủ trì, thời hạn.",
                   "Bodies whose texts carry it out: saying so (“Kế hoạch thực hiện …”) or through tasks that do; the "
                   "tasks of those texts, the kinds of agency leading them, their deadlines."),
    "body": ("Cơ quan", "Body"), "texts": ("Văn bản", "Texts"), "how": ("Cách", "How"),
    "how_stated": ("tự nêu", "says so"), "how_tasks": ("qua nhiệm vụ", "through tasks"),
    "tasks_applying": ("nhiệm vụ nêu văn bản này", "tasks naming it"),
    "lead_kinds": ("Loại cơ quan chủ trì", "Kinds of lead agency"), "deadlines": ("Thời hạn", "Deadlines"),
    "not_carried_out": ("Không văn bản nào đã đọc thực hiện văn bản này.", "No document read carries it out."),
    "tasks_per_body": ("Nhiệm vụ theo cơ quan thực hiện", "Tasks per body carrying it out"),
    "implementing_texts": ("Các văn bản thực hiện theo thời gian", "Texts carrying it out, over time"),
    "citing_only": ("Văn bản chỉ trích dẫn", "Documents that only cite it"),
    "not_read": ("chưa đọc", "not read"), "kind_unknown": ("chưa phân loại", "unclassified"),
    "compare_carried": ("Văn bản được nhiều cơ quan thực hiện nhất", "Instruments carried out by the most bodies"),
    "compare_carried_note": ("Số cơ quan (tỉnh, bộ, …) có văn bản thực hiện văn bản này: tự nêu hoặc qua nhiệm vụ.",
                             "How many bodies (provinces, ministries, …) issued texts carrying it out: saying so or "
                             "through tasks."),
    "compare_bodies": ("Cơ quan thực hiện", "Bodies"), "compare_bodies_short": ("cơ quan", "bodies"),
    "compare_two_bodies": ("So sánh hai cơ quan", "Compare two bodies"),
    "compare_carrying": ("Hai cơ quan cùng thực hiện", "Two bodies carrying out"),
    "compare_body_a": ("Cơ quan thứ nhất", "First body"), "compare_body_b": ("Cơ quan thứ hai", "Second body"),
    "compare_no_lead_kind": ("Không nêu cơ quan chủ trì, hoặc cơ quan chưa phân loại",
                             "No lead named, or a lead of no known kind"),
    "compare_peer": ("So sánh với máy chủ plangraph khác", "Compare with another plangraph instance"),
    "compare_peer_pick": ("Máy chủ plangraph khác", "Other plangraph instance"),
    "compare_peer_intro": ("Nhiệm vụ của máy chủ này và của một máy chủ plangraph khác (tỉnh, bộ khác vận hành), "
                           "đếm theo loại cơ quan chủ trì. Máy chủ kia được hỏi trực tiếp qua liên kết SPARQL "
                           "(SERVICE), không sao chép dữ liệu; chỉ đếm nhiệm vụ có cơ quan chủ trì đã phân loại.",
                           "The tasks of this instance and of another plangraph instance (run by another province "
                           "or ministry), counted by the kind of agency that leads them. The other instance is asked "
                           "directly through SPARQL federation (SERVICE), its data not copied; only tasks whose lead "
                           "agency is of a known kind are counted."),
    "compare_here": ("Máy chủ này", "This instance"), "compare_there": ("Máy chủ kia", "The other instance"),
    "compare_total": ("Tổng", "Total"),
    "compare_peer_failed": ("Máy chủ {peer} không trả lời, nên chỉ có số liệu của máy chủ này. Lý do:",
                            "The instance {peer} did not answer, so only this instance's figures are shown. "
                            "The reason:"),
    "compare_peer_heat": ("Nhiệm vụ theo loại cơ quan chủ trì (hàng), ở máy chủ này và máy chủ kia (cột)",
                          "Tasks by kind of lead agency (rows), here and at the other instance (columns)"),
    "compare_one_body": ("Chỉ một cơ quan thực hiện văn bản này.", "Only one body carries this instrument out."),
    "more_clauses": ("{n} câu khác nêu quan hệ này", "{n} more clauses stating it"),
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
    "tasks_shown_of": ("Hiển thị {shown} nhiệm vụ đầu tiên trong số {total}, theo thứ tự văn bản.",
                       "Showing the first {shown} of {total} tasks, in document order."),
    "tasks_see_all": ("Xem tất cả trong danh sách nhiệm vụ", "See them all in the task list"),
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
    # error pages (server/error_page.py, templates/error.html): a title and an explanation per status
    "error": ("Lỗi", "Error"),
    "error_explain": ("Yêu cầu không thực hiện được; lý do ở dưới.",
                      "The request could not be carried out; the reason is below."),
    "error_400": ("Yêu cầu không dùng được", "Bad request"),
    "error_400_explain": ("Địa chỉ hoặc nội dung gửi lên có một tham số hay giá trị mà máy chủ không dùng được; "
                          "lý do ở dưới cho biết chỗ nào.",
                          "The address or what was sent holds a parameter or value the server cannot use; the "
                          "reason below says which."),
    "error_401": ("Cần xác thực", "Authentication needed"),
    "error_401_explain": ("Thao tác ghi cần mã truy cập (Authorization: Bearer …).",
                          "Writes need a token (Authorization: Bearer …)."),
    "error_403": ("Không được phép", "Forbidden"),
    "error_403_explain": ("Máy chủ không cho phép thao tác này.", "The server does not allow this."),
    "error_404": ("Không tìm thấy", "Not found"),
    "error_404_explain": ("Không có trang hay dữ liệu nào ở địa chỉ này.", "There is no page or data at this address."),
    "error_405": ("Phương thức không được phép", "Method not allowed"),
    "error_405_explain": ("Địa chỉ này có, nhưng không nhận kiểu yêu cầu này.",
                          "This address exists, but does not take this kind of request."),
    "error_406": ("Không có định dạng phù hợp", "No acceptable format"),
    "error_406_explain": ("Máy chủ không trả được định dạng đã yêu cầu; lý do ở dưới liệt kê các định dạng có.",
                          "The server cannot answer in the format asked for; the reason below lists those it has."),
    "error_408": ("Gửi yêu cầu quá lâu", "Request timeout"),
    "error_408_explain": ("Yêu cầu không được gửi xong trong thời hạn.", "The request was not sent in time."),
    "error_413": ("Yêu cầu quá lớn", "Request too large"),
    "error_413_explain": ("Nội dung gửi lên vượt quá giới hạn của máy chủ.",
                          "What was sent is over the server's limit."),
    "error_500": ("Lỗi máy chủ", "Server error"),
    "error_500_explain": ("Máy chủ gặp một lỗi không lường trước. Chi tiết nằm trong nhật ký của máy chủ, theo mã "
                          "yêu cầu dưới đây.",
                          "The server met an unexpected error. The details are in the server's log, under the "
                          "request id below."),
    "error_503": ("Tạm thời không trả lời được", "Temporarily unavailable"),
    "error_503_explain": ("Truy vấn chưa xong trước thời hạn, hoặc mọi tiến trình truy vấn đang bận. Thử lại sau ít "
                          "giây, hoặc hỏi ít hơn.",
                          "The query did not finish before its deadline, or every query worker is busy. Try again "
                          "in a few seconds, or ask for less."),
    "error_507": ("Hết chỗ lưu trữ", "Insufficient storage"),
    "error_507_explain": ("Ổ đĩa của máy chủ đã đầy; dữ liệu vẫn như trước.",
                          "The server's disk is full; the data is as it was."),
    "error_asked": ("Yêu cầu", "You asked for"),
    "error_reason": ("Lý do (chi tiết kỹ thuật, bằng tiếng Anh)", "Reason"),
    "error_request_id": ("Mã yêu cầu", "Request id"),
    "error_engine_message": ("Thông báo của bộ máy truy vấn", "The query engine's message"),
    "error_open_editor": ("Sửa truy vấn trong trình soạn", "Edit the query in the editor"),
    "error_nearest": ("Có thể bạn tìm", "Perhaps you were looking for"),
    "error_above": ("chứa địa chỉ đã hỏi", "above the address asked for"),
    "error_next": ("Đi tiếp", "Where to go from here"), "error_search_for": ("Tìm", "Search for"),
    "error_home": ("Trang chủ", "Home page"), "error_open_page": ("Mở trang này", "Open this page"),
    "error_without_value": ("Bỏ giá trị không dùng được", "Without the value it cannot use"),
    "error_unfiltered": ("Danh sách, không lọc", "The list, unfiltered"),
    "error_last_page": ("Trang cuối", "The last page"), "error_first_page": ("Trang đầu", "The first page"),
    "error_gallery": ("Các truy vấn mẫu", "The example queries"),
    "error_api_docs": ("Tài liệu API truy vấn", "The query API's documentation"),
    "error_compare": ("So sánh địa phương", "Compare cities"),
    "editor_engine_message": ("Thông báo của bộ máy truy vấn", "The query engine's message"),
    # the dataset's description for people (/void)
    "void": ("Mô tả bộ dữ liệu", "About the dataset"), "void_license": ("Giấy phép", "Licence"),
    "void_publisher": ("Đơn vị công bố", "Publisher"), "void_modified": ("Cập nhật lần cuối", "Last changed"),
    "void_version": ("phiên bản", "version"), "void_endpoint": ("Điểm truy vấn SPARQL", "SPARQL endpoint"),
    "void_dump": ("Tải toàn bộ", "Download"), "void_description": ("Mô tả VoID/DCAT", "VoID/DCAT description"),
    "void_context": ("Ngữ cảnh JSON-LD", "JSON-LD context"), "void_size": ("Quy mô", "Size"),
    "void_triples": ("bộ ba", "triples"), "void_subjects": ("chủ thể", "subjects"), "void_classes": ("Lớp", "Classes"),
    "void_properties": ("Thuộc tính", "Properties"), "void_graphs": ("Đồ thị theo văn bản", "Graphs, one per document"),
    "void_class": ("Lớp", "Class"), "void_property": ("Thuộc tính", "Property"),
    "void_entities": ("thực thể", "entities"),
    "void_graph": ("Đồ thị", "Graph"), "void_vocabularies": ("Bộ từ vựng dùng", "Vocabularies used"),
}


def language() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get("lang")
    return remembered if remembered in LANGUAGES else "vi"


def remember_language(response: Response) -> None:
    """A page asked for with ``lang=vi|en`` sets the ``lang`` cookie, so the language stays chosen on the pages
    that follow; a kept page is served with the cookie set again (:mod:`plangraph.server.page_cache`)."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        response.set_cookie("lang", asked, max_age=365 * 24 * 3600, samesite="Lax")


def sets_only_the_language(response: Response) -> bool:
    """Whether the only cookie *response* sets is the one :func:`remember_language` sets for this request."""
    asked = request.args.get("lang")
    cookies = response.headers.getlist("Set-Cookie")
    return asked in LANGUAGES and len(cookies) == 1 and cookies[0].startswith(f"lang={asked};")


def translate(key: str) -> str:
    vi, en = STRINGS[key]
    return en if language() == "en" else vi


# The English singular of the nouns that follow a count; a Vietnamese noun is the same for one and for many.
SINGULAR_EN = {"tasks_short": "task", "documents_short": "document", "agencies_short": "agency",
               "compare_bodies_short": "body", "compare_citations": "citation", "tasks_applying": "task naming it"}


def units(key: str) -> tuple[str, str]:
    """The noun of *key* after the number one and after any other number, in the page's language."""
    many = translate(key)
    return (SINGULAR_EN.get(key, many) if language() == "en" else many), many


def noun(number: object, key: str) -> str:
    """The noun of *key* that goes after *number*: "task" after 1, "tasks" after any other number (in English)."""
    one, many = units(key)
    return one if number == 1 else many


def counted(number: object, key: str) -> str:
    """*number* and the noun of *key* that goes with it: "1 task", "3 tasks", "1 nhiệm vụ"."""
    return f"{number} {noun(number, key)}"
