"""Vietnamese language tables used by the parsers: data only, no logic.

Controlled vocabularies (document types, agency kinds, roles, signing authorities) live in the
ontology's Turtle files and are read from there; this module holds the parsing cues around them.
"""

from __future__ import annotations

# Provinces and centrally-run cities before the 2025 merger: GSO code → (name, administrative prefix).
# Codes from QĐ 124/2004/QĐ-TTg; the five centrally-run cities are "thành phố".
PROVINCES: dict[str, tuple[str, str]] = {
    "01": ("Hà Nội", "thành phố"), "02": ("Hà Giang", "tỉnh"), "04": ("Cao Bằng", "tỉnh"),
    "06": ("Bắc Kạn", "tỉnh"), "08": ("Tuyên Quang", "tỉnh"), "10": ("Lào Cai", "tỉnh"),
    "11": ("Điện Biên", "tỉnh"), "12": ("Lai Châu", "tỉnh"), "14": ("Sơn La", "tỉnh"),
    "15": ("Yên Bái", "tỉnh"), "17": ("Hòa Bình", "tỉnh"), "19": ("Thái Nguyên", "tỉnh"),
    "20": ("Lạng Sơn", "tỉnh"), "22": ("Quảng Ninh", "tỉnh"), "24": ("Bắc Giang", "tỉnh"),
    "25": ("Phú Thọ", "tỉnh"), "26": ("Vĩnh Phúc", "tỉnh"), "27": ("Bắc Ninh", "tỉnh"),
    "30": ("Hải Dương", "tỉnh"), "31": ("Hải Phòng", "thành phố"), "33": ("Hưng Yên", "tỉnh"),
    "34": ("Thái Bình", "tỉnh"), "35": ("Hà Nam", "tỉnh"), "36": ("Nam Định", "tỉnh"),
    "37": ("Ninh Bình", "tỉnh"), "38": ("Thanh Hóa", "tỉnh"), "40": ("Nghệ An", "tỉnh"),
    "42": ("Hà Tĩnh", "tỉnh"), "44": ("Quảng Bình", "tỉnh"), "45": ("Quảng Trị", "tỉnh"),
    "46": ("Thừa Thiên Huế", "tỉnh"), "48": ("Đà Nẵng", "thành phố"), "49": ("Quảng Nam", "tỉnh"),
    "51": ("Quảng Ngãi", "tỉnh"), "52": ("Bình Định", "tỉnh"), "54": ("Phú Yên", "tỉnh"),
    "56": ("Khánh Hòa", "tỉnh"), "58": ("Ninh Thuận", "tỉnh"), "60": ("Bình Thuận", "tỉnh"),
    "62": ("Kon Tum", "tỉnh"), "64": ("Gia Lai", "tỉnh"), "66": ("Đắk Lắk", "tỉnh"),
    "67": ("Đắk Nông", "tỉnh"), "68": ("Lâm Đồng", "tỉnh"), "70": ("Bình Phước", "tỉnh"),
    "72": ("Tây Ninh", "tỉnh"), "74": ("Bình Dương", "tỉnh"), "75": ("Đồng Nai", "tỉnh"),
    "77": ("Bà Rịa - Vũng Tàu", "tỉnh"), "79": ("Hồ Chí Minh", "thành phố"), "80": ("Long An", "tỉnh"),
    "82": ("Tiền Giang", "tỉnh"), "83": ("Bến Tre", "tỉnh"), "84": ("Trà Vinh", "tỉnh"),
    "86": ("Vĩnh Long", "tỉnh"), "87": ("Đồng Tháp", "tỉnh"), "89": ("An Giang", "tỉnh"),
    "91": ("Kiên Giang", "tỉnh"), "92": ("Cần Thơ", "thành phố"), "93": ("Hậu Giang", "tỉnh"),
    "94": ("Sóc Trăng", "tỉnh"), "95": ("Bạc Liêu", "tỉnh"), "96": ("Cà Mau", "tỉnh"),
}

# The 1 July 2025 merger: 63 provinces became 34. New code → (name, prefix, pre-2025 member codes); the
# first member hosts the new seat, so its code is the new code; the other codes are closed. Provinces not
# listed here were left unchanged. Sources: Nghị quyết 202/2025/QH15 (the merger, in force 1 July 2025)
# and QĐ 19/2025/QĐ-TTg (the codes). Written from memory of those two texts, NOT checked against them
# live (no network when this was written); tests/test_places.py checks that every pre-2025 code is used
# exactly once. Huế (46) is not part of the merger; that it became a centrally-run city on 1 January 2025
# (a separate resolution) is not modelled.
MERGER_2025_INSTRUMENT = "Nghị quyết số 202/2025/QH15"
# Its identity: (doctype key, number, year, issuer abbreviation, number-symbol as printed).
MERGER_2025_IDENTITY = ("nghi-quyet", "202", 2025, "QH", "202/2025/QH15")
MERGER_2025_DATE = (2025, 7, 1)
MERGED_2025: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "08": ("Tuyên Quang", "tỉnh", ("08", "02")),
    "15": ("Lào Cai", "tỉnh", ("15", "10")),
    "19": ("Thái Nguyên", "tỉnh", ("19", "06")),
    "25": ("Phú Thọ", "tỉnh", ("25", "26", "17")),
    "24": ("Bắc Ninh", "tỉnh", ("24", "27")),
    "33": ("Hưng Yên", "tỉnh", ("33", "34")),
    "31": ("Hải Phòng", "thành phố", ("31", "30")),
    "37": ("Ninh Bình", "tỉnh", ("37", "35", "36")),
    "44": ("Quảng Trị", "tỉnh", ("44", "45")),
    "48": ("Đà Nẵng", "thành phố", ("48", "49")),
    "51": ("Quảng Ngãi", "tỉnh", ("51", "62")),
    "52": ("Gia Lai", "tỉnh", ("52", "64")),
    "56": ("Khánh Hòa", "tỉnh", ("56", "58")),
    "66": ("Đắk Lắk", "tỉnh", ("66", "54")),
    "68": ("Lâm Đồng", "tỉnh", ("68", "67", "60")),
    "79": ("Hồ Chí Minh", "thành phố", ("79", "74", "77")),
    "75": ("Đồng Nai", "tỉnh", ("75", "70")),
    "80": ("Tây Ninh", "tỉnh", ("80", "72")),
    "92": ("Cần Thơ", "thành phố", ("92", "94", "93")),
    "86": ("Vĩnh Long", "tỉnh", ("86", "83", "84")),
    "82": ("Đồng Tháp", "tỉnh", ("82", "87")),
    "96": ("Cà Mau", "tỉnh", ("96", "95")),
    "91": ("An Giang", "tỉnh", ("91", "89")),
}

# Other spellings of province names seen in documents (folded form → code).
PROVINCE_ALIASES: dict[str, str] = {
    "tp hcm": "79", "tp. hcm": "79", "tp ho chi minh": "79", "thanh pho ho chi minh": "79",
    "hoa binh": "17", "hoa bình": "17", "thua thien - hue": "46", "hue": "46", "ba ria vung tau": "77",
    "dak lak": "66", "dac lac": "66", "dak nong": "67", "bac can": "06",
}

# Wikidata items of places, where verified (see shared/reference/ontology.md §6).
WIKIDATA_PLACES: dict[str, str] = {
    "vn": "Q881", "01": "Q1858", "31": "Q72818", "48": "Q25282", "79": "Q1854", "92": "Q216075",
}

# Wikidata items of national bodies (agency kind → QID), where verified (shared/reference/ontology.md §6).
WIKIDATA_AGENCIES: dict[str, str] = {
    "chinh-phu": "Q5589338", "thu-tuong-chinh-phu": "Q1043568", "quoc-hoi": "Q1765001",
}

# Abbreviations written inside agency names and task text → their expansion.
NAME_ABBREVIATIONS: dict[str, str] = {
    "KH&CN": "Khoa học và Công nghệ",
    "KHCN": "Khoa học và Công nghệ",
    "KH&KT": "Khoa học và Kỹ thuật",
    "KH&ĐT": "Kế hoạch và Đầu tư",
    "KHĐT": "Kế hoạch và Đầu tư",
    "TT&TT": "Thông tin và Truyền thông",
    "TTTT": "Thông tin và Truyền thông",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "TN&MT": "Tài nguyên và Môi trường",
    "TNMT": "Tài nguyên và Môi trường",
    "VHTT&DL": "Văn hóa, Thể thao và Du lịch",
    "VH,TT&DL": "Văn hóa, Thể thao và Du lịch",
    "GTVT": "Giao thông vận tải",
    "TĐC": "Tiêu chuẩn Đo lường Chất lượng",
    "TCĐLCL": "Tiêu chuẩn Đo lường Chất lượng",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
}

# Trailing words that say where an agency is, not which one ("… thành phố", "… tỉnh Sơn La").
LOCATION_QUALIFIERS: tuple[str, ...] = ("thành phố", "tỉnh", "TP", "TP.")

# Words that begin with an agency's head noun but name no agency: the head is the first syllable of a common word
# ("Báo cáo" is a report, not the newspaper "Báo …"; "Ban hành" is to issue, "Trường hợp" a case, "Hội nghị" a
# conference, "Bộ luật" a code). A name never starts with one of these.
NOT_AGENCY_WORDS: tuple[str, ...] = (
    "Báo cáo", "Báo chí", "Báo động", "Báo giá", "Ban hành", "Ban đầu", "Ban bố", "Sở hữu", "Sở dĩ",
    "Quỹ đất", "Quỹ đạo", "Quỹ lương", "Bộ máy", "Bộ tiêu chí", "Bộ chỉ số", "Bộ công cụ", "Bộ hồ sơ", "Bộ luật",
    "Hội nghị", "Hội thảo", "Hội chợ", "Hội thi", "Hội diễn", "Đoàn kết", "Trường hợp", "Cục bộ", "Viện dẫn",
)

# Head nouns that start an agency name: a comma or "và" before one of these separates two agencies.
AGENCY_HEADS: tuple[str, ...] = (
    "Sở", "Ủy ban", "Uỷ ban", "UBND", "Hội đồng", "Bộ", "Ban", "Văn phòng", "Trung tâm", "Chi cục",
    "Cục", "Viện", "Trường", "Liên hiệp", "Liên đoàn", "Hội", "Thành đoàn", "Tỉnh đoàn", "Đoàn",
    "Công an", "Bộ Chỉ huy", "Thanh tra", "Kho bạc", "Ngân hàng", "Quỹ", "Sàn", "Đài", "Báo",
    "Cảng vụ", "Tổng công ty", "Công ty", "Mặt trận", "Tỉnh ủy", "Thành ủy", "Chính phủ", "Thủ tướng",
    "Quốc hội", "Bảo hiểm", "Cơ quan", "Các sở", "Các cơ quan", "UBND các", "Ủy ban nhân dân các",
    # Groups named in lower case after another agency ("Bộ Y tế, các bộ, ngành liên quan").
    "Các bộ", "các bộ", "các sở", "các cơ quan", "Các đơn vị", "các đơn vị", "Các địa phương", "các địa phương",
    "Doanh nghiệp", "Các doanh nghiệp", "Hiệp hội", "Học viện", "Đại học", "Bệnh viện",
    "Cơ sở khám bệnh", "cơ sở khám bệnh", "Các cơ sở", "các cơ sở", "doanh nghiệp", "các doanh nghiệp",
)

# Words that, in a list ending in "(có) liên quan", name related bodies in general, not one agency:
# "cơ quan, tổ chức, đơn vị có liên quan", "các bộ, ngành liên quan".
RELATED_BODY_WORDS: tuple[str, ...] = (
    "cơ quan", "tổ chức", "đơn vị", "bộ", "ngành", "sở", "ban", "địa phương", "doanh nghiệp", "cá nhân",
)

# Words after an agency's name that say what it does or where, not who it is: "Ủy ban nhân dân cấp tỉnh
# trình Hội đồng nhân dân cùng cấp", "Sở Y tế đối với địa phương", "Các bộ ở Trung ương".
AGENCY_REMARK_CUES: tuple[str, ...] = ("trình", "đối với", "ở", "theo", "khi", "để", "trong phạm vi")

# Endings that name a level instead of one place: agencies of a kind named collectively
# ("Ủy ban nhân dân cấp tỉnh", "UBND các quận, huyện"). Phrase → (canonical phrase, levels).
AGENCY_LEVEL_PHRASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "cấp tỉnh, cấp huyện, cấp xã": ("các cấp", ("province", "district", "commune")),
    "cấp tỉnh, cấp xã": ("cấp tỉnh, cấp xã", ("province", "commune")),
    "cấp tỉnh, cấp huyện": ("cấp tỉnh, cấp huyện", ("province", "district")),
    "cấp huyện, cấp xã": ("cấp huyện, cấp xã", ("district", "commune")),
    "cấp tỉnh": ("cấp tỉnh", ("province",)),
    "các tỉnh, thành phố": ("cấp tỉnh", ("province",)),
    "các tỉnh, thành phố trực thuộc Trung ương": ("cấp tỉnh", ("province",)),
    "cấp huyện": ("cấp huyện", ("district",)),
    "các quận, huyện": ("cấp huyện", ("district",)),
    "các huyện, thành phố": ("cấp huyện", ("district",)),
    "các huyện, thị xã, thành phố": ("cấp huyện", ("district",)),
    "các huyện, thành phố, thị xã": ("cấp huyện", ("district",)),
    "các quận, huyện, thị xã": ("cấp huyện", ("district",)),
    "các huyện, thị xã": ("cấp huyện", ("district",)),
    "các huyện": ("cấp huyện", ("district",)),
    "cấp xã": ("cấp xã", ("commune",)),
    "cấp cơ sở": ("cấp xã", ("commune",)),
    "các xã, phường, thị trấn": ("cấp xã", ("commune",)),
    "các xã, phường, đặc khu": ("cấp xã", ("commune",)),
    "các xã, phường": ("cấp xã", ("commune",)),
    "xã, phường, thị trấn": ("cấp xã", ("commune",)),
    "xã, phường, đặc khu": ("cấp xã", ("commune",)),
    "xã, phường": ("cấp xã", ("commune",)),
    "các xã": ("cấp xã", ("commune",)),
    "các cấp": ("các cấp", ("province", "district", "commune")),
}

# Groups named collectively without a kind: canonical name → True when its members are national bodies.
# Any other name beginning "Các …" is a group of the document's own level.
AGENCY_GROUPS: dict[str, bool] = {
    "Các bộ, ngành": True, "Bộ, ngành": True, "Các bộ, ngành Trung ương": True, "Các bộ": True,
    "Các bộ, cơ quan ngang bộ": True, "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ": True,
    "Các sở, ban, ngành": False, "Các sở, ngành": False, "Sở, ban, ngành": False, "Các địa phương": False,
    "Cơ sở khám bệnh, chữa bệnh": False, "Các cơ sở khám bệnh, chữa bệnh": False, "Các doanh nghiệp": False,
}

# Kinds whose official name includes the place ("Ủy ban nhân dân thành phố Hải Phòng").
PLACE_NAMED_KINDS: frozenset[str] = frozenset({"uy-ban-nhan-dan", "hoi-dong-nhan-dan", "tinh-uy"})

# Words that precede a cited instrument when a task carries it out (eli:applies), not just names it.
IMPLEMENTATION_CUES: tuple[str, ...] = (
    "triển khai thực hiện", "triển khai", "tổ chức thực hiện", "thực hiện", "thi hành", "áp dụng",
    "theo", "cụ thể hóa", "cụ thể hoá",
)

# Section headings of a plan (folded, without numbering) → their role.
PLAN_SECTIONS: dict[str, str] = {
    "muc tieu": "objectives",
    "muc dich, yeu cau": "purpose",
    "muc dich yeu cau": "purpose",
    "nhiem vu": "tasks",
    "nhiem vu va giai phap": "tasks",
    "nhiem vu va giai phap chu yeu": "tasks",
    "nhiem vu cu the": "tasks",
    "nhiem vu, giai phap": "tasks",
    "nhiem vu, giai phap chu yeu": "tasks",
    "nhiem vu chu yeu": "tasks",
    "nhiem vu trong tam": "tasks",
    "cac nhiem vu": "tasks",
    "noi dung": "tasks",
    "noi dung cong tac": "tasks",
    "noi dung thuc hien": "tasks",
    "noi dung ke hoach": "tasks",
    "to chuc thuc hien": "organisation",
    "kinh phi": "funding",
    "kinh phi thuc hien": "funding",
    "phan cong nhiem vu": "duties",
    "phan cong thuc hien": "duties",
    "trach nhiem cua cac co quan, don vi": "duties",
}
# Titles not listed above: the first of these beginnings gives the role ("CÁC NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM").
PLAN_SECTION_CUES: tuple[tuple[str, str], ...] = (
    ("muc tieu", "objectives"), ("muc dich", "purpose"), ("quan diem", "purpose"), ("nhiem vu", "tasks"),
    ("cac nhiem vu", "tasks"), ("giai phap", "tasks"), ("to chuc thuc hien", "organisation"),
    ("kinh phi", "funding"), ("nguon kinh phi", "funding"), ("phan cong", "duties"), ("trach nhiem", "duties"),
)

# Headings that open a plan's text (folded).
PLAN_HEADINGS: frozenset[str] = frozenset({"ke hoach", "ke hoach hanh dong", "chuong trinh hanh dong"})

# Type headings (folded) of the texts a document issues with it ("QUY ĐỊNH … ban hành kèm theo"); those of
# PLAN_TEXT_HEADINGS are plans (a KẾ HOẠCH, CHƯƠNG TRÌNH or ĐỀ ÁN approved by the document).
ATTACHED_TEXT_HEADINGS: tuple[str, ...] = (
    "ke hoach", "chuong trinh", "de an", "quy dinh", "quy che", "dieu le", "huong dan", "phu luc", "danh muc",
    "bieu mau", "mau so", "bang", "noi quy", "tieu chuan", "dinh muc", "phuong an",
)
PLAN_TEXT_HEADINGS: frozenset[str] = frozenset({"ke hoach", "chuong trinh", "de an"})
# Words after "CHƯƠNG TRÌNH" in the title of a course's programme issued with a circular ("CHƯƠNG TRÌNH ĐÀO TẠO VỀ
# NGHIỆP VỤ …", "CHƯƠNG TRÌNH MÔN HỌC"): a curriculum, not a programme of action, unless its title gives a period
# (folded; "Chương trình đào tạo, bồi dưỡng cán bộ giai đoạn 2021 - 2025" is a plan).
CURRICULUM_WORDS: tuple[str, ...] = ("dao tao", "boi duong", "mon hoc", "mo dun", "hoc tap", "tap huan", "giao duc")
PERIOD_WORDS: tuple[str, ...] = ("giai doan", "nam 20", "den nam")
# Connecting words: what comes after one goes on with it (a name, a line of a heading).
CONNECTING_WORDS: tuple[str, ...] = ("các", "những", "và", "với", "cùng", "hoặc", "của", "cho", "thuộc", "tại")
# Last words of a line that goes on: a type word alone on the next line ends a wrapped heading ("C. THỜI GIAN ĐÀO
# TẠO VÀ ĐƠN VỊ THỜI GIAN TRONG" ⏎ "CHƯƠNG TRÌNH"), it starts no attached text.
UNFINISHED_LINE_ENDINGS: tuple[str, ...] = (*CONNECTING_WORDS, "trong", "về")

# Document types (concept keys) whose document is itself a plan, with no decision around it.
PLAN_DOCTYPES: frozenset[str] = frozenset({"ke-hoach", "chuong-trinh", "de-an"})

# Task-table header wording (folded) → column role.
TABLE_COLUMNS: dict[str, str] = {
    "tt": "number", "stt": "number", "so tt": "number",
    "nhiem vu": "task", "noi dung": "task", "ten nhiem vu": "task", "nhiem vu va giai phap": "task",
    "noi dung nhiem vu": "task", "ten nhiem vu/du an": "task", "ten nhiem vu cu the": "task",
    "co quan chu tri": "lead", "chu tri": "lead", "don vi chu tri": "lead", "don vi thuc hien": "lead",
    "co quan thuc hien": "lead", "co quan, don vi chu tri": "lead",
    "co quan phoi hop": "partner", "phoi hop": "partner", "don vi phoi hop": "partner",
    "ket qua du kien": "result", "ket qua": "result", "san pham": "result", "san pham du kien": "result",
    "kinh phi": "funding", "nguon kinh phi": "funding",
    "thoi gian thuc hien": "period", "thoi gian": "period", "thoi gian hoan thanh": "period",
    "thoi gian trien khai": "period", "tien do": "period", "thoi han": "period",
    "noi dung cong viec": "task", "ten nhiem vu, de an": "task", "nhiem vu, giai phap": "task",
    "co quan chu tri thuc hien": "lead", "don vi chu tri thuc hien": "lead", "co quan, don vi thuc hien": "lead",
    "co quan, don vi phoi hop": "partner", "co quan phoi hop thuc hien": "partner",
    "thoi han hoan thanh": "period", "thoi gian hoan thanh/trinh": "period",
    # Known columns the task readers do not record.
    "cap trinh": "other", "ghi chu": "other", "can cu": "other", "can cu bo sung": "other",
    "hinh thuc van ban": "other", "hinh thuc": "other", "cap ban hanh": "other", "co quan trinh": "other",
    # Columns of targets tables, never a task column even though "don vi" starts agency headers.
    "don vi tinh": "", "don vi": "", "dvt": "",
}

# Header wording not listed above: the first cue contained in the folded header gives the role, so
# "Thời gian thực hiện/hoàn thành", "Cơ quan, đơn vị chủ trì thực hiện", "Dự kiến kinh phí" read alike.
# Order matters: "Thời gian thực hiện" is a time before "thực hiện" makes it a lead.
TABLE_COLUMN_CUES: tuple[tuple[str, str], ...] = (
    ("thoi gian", "period"), ("tien do", "period"), ("thoi han", "period"), ("lo trinh", "period"),
    ("kinh phi", "funding"), ("nguon von", "funding"), ("du toan", "funding"),
    ("san pham", "result"), ("ket qua", "result"),
    ("chu tri", "lead"), ("phoi hop", "partner"),
    ("nhiem vu", "task"), ("noi dung", "task"), ("giai phap", "task"), ("de an", "task"), ("du an", "task"),
    ("thuc hien", "lead"), ("trach nhiem", "lead"), ("co quan", "lead"), ("don vi", "lead"),
)

# Laws often cited by name and date rather than number: (folded title, year) → number as printed.
KNOWN_LAWS: dict[tuple[str, int], str] = {
    ("to chuc chinh quyen dia phuong", 2015): "77/2015/QH13",
    ("to chuc chinh phu", 2015): "76/2015/QH13",
    ("ban hanh van ban quy pham phap luat", 2015): "80/2015/QH13",
    ("ngan sach nha nuoc", 2015): "83/2015/QH13",
    ("khoa hoc va cong nghe", 2013): "29/2013/QH13",
    ("chuyen giao cong nghe", 2017): "07/2017/QH14",
    ("so huu tri tue", 2005): "50/2005/QH11",
    ("bao ve bi mat nha nuoc", 2018): "29/2018/QH14",
    ("bao hiem y te", 2008): "25/2008/QH12",
    ("dau tu cong", 2019): "39/2019/QH14",
    ("xay dung", 2014): "50/2014/QH13",
    ("giao dich dien tu", 2023): "20/2023/QH15",
    ("sua doi, bo sung mot so dieu cua luat to chuc chinh phu va luat to chuc chinh quyen dia phuong", 2019):
        "47/2019/QH14",
}

# Phrases naming an issuer after a citation ("… của Thủ tướng Chính phủ"), folded → agency kind key.
ISSUER_PHRASES: dict[str, str] = {
    "thu tuong chinh phu": "thu-tuong-chinh-phu",
    "thu tuong": "thu-tuong-chinh-phu",
    "chinh phu": "chinh-phu",
    "quoc hoi": "quoc-hoi",
    "uy ban thuong vu quoc hoi": "uy-ban-thuong-vu-quoc-hoi",
    "ban chap hanh trung uong": "trung-uong-dang",
    "bo chinh tri": "bo-chinh-tri",
    "ban bi thu": "ban-bi-thu",
    "chu tich uy ban nhan dan": "uy-ban-nhan-dan",
    "chu tich ubnd": "uy-ban-nhan-dan",
    "uy ban nhan dan": "uy-ban-nhan-dan",
    "ubnd": "uy-ban-nhan-dan",
    "hoi dong nhan dan": "hoi-dong-nhan-dan",
    "hdnd": "hoi-dong-nhan-dan",
}

# Titles and organs that may stand before an issuer's name in "… của <title> <issuer>": "của Bộ trưởng Bộ
# Công an", "của Ban Thường vụ Tỉnh ủy". The issuer is the agency named after them.
ISSUER_LEADERS: tuple[str, ...] = (
    "Bộ trưởng", "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Tổng Giám đốc", "Thủ trưởng", "Chánh Văn phòng",
    "Trưởng ban", "Ban Thường vụ", "Thường trực", "Ban Chấp hành", "Tổng Cục trưởng", "Cục trưởng",
)

# Words that, after the bodies named after "phối hợp (với)", start what the duty does: the list of partners
# ends before them ("phối hợp với Sở Tài chính tham mưu …").
DUTY_VERBS: tuple[str, ...] = (
    "để", "nhằm", "trong việc", "trong", "thực hiện", "triển khai", "tổ chức", "xây dựng", "tham mưu", "hướng dẫn",
    "kiểm tra", "rà soát", "đề xuất", "theo dõi", "đôn đốc", "nghiên cứu", "báo cáo", "trình", "hoàn thiện",
    "tuyên truyền", "thẩm định", "xử lý", "giải quyết", "bảo đảm", "đảm bảo", "cung cấp", "lập", "tiếp tục",
    "khẩn trương", "thường xuyên", "kịp thời", "chỉ đạo", "giám sát", "xem xét", "thanh tra", "quản lý", "vận động",
    "phổ biến", "bố trí", "thống kê", "tập huấn", "giúp", "để", "tổng hợp",
)

# Addressees that are the public, not a body the document can task ("Các tổ chức, cá nhân và hộ gia đình …").
PUBLIC_ADDRESSEES: tuple[str, ...] = (
    "cá nhân", "hộ gia đình", "người dân", "nhân dân", "công dân", "người lao động",
)

# Words that open a duty naming the body it is given to ("Giao Sở Y tế …", "Đề nghị Thường trực Tỉnh ủy …").
ASSIGNING_CUES: tuple[str, ...] = ("Đề nghị", "Giao", "Yêu cầu", "Chỉ đạo")

# Phrases that open a sentence before its subject ("Căn cứ nội dung Kế hoạch, các sở, ngành …") and asides
# between a subject and its verb ("Sở Tài chính, trên cơ sở đề xuất của các cơ quan, chủ trì …").
SUBJECT_INTROS: tuple[str, ...] = (
    "Căn cứ", "Đối với", "Trong quá trình", "Trên cơ sở", "Sau khi", "Ngoài ra", "Đồng thời", "Bên cạnh đó",
    "Trong phạm vi", "Theo chức năng", "Với vai trò", "Để",
)
SUBJECT_ASIDES: tuple[str, ...] = ("trên cơ sở", "căn cứ", "theo", "sau khi", "trong", "khi", "tùy theo")

# Nouns that name bodies by no type: "các cơ quan, đơn vị có liên quan" assigns work to nobody in particular.
GENERIC_BODY_NOUNS: tuple[str, ...] = (
    "cơ quan", "đơn vị", "địa phương", "tổ chức", "cơ quan chức năng", "lực lượng chức năng", "ngành chức năng",
    "cơ quan, đơn vị", "cơ quan nhà nước", "cơ quan hành chính", "cơ quan chuyên môn", "đơn vị liên quan",
)

# Titles before a body's name that stand for the body ("Giám đốc Sở Tài chính", "Thủ trưởng các sở, ngành").
BODY_LEADER_TITLES: tuple[str, ...] = (
    "Giám đốc", "Thủ trưởng", "Chủ tịch", "Bộ trưởng", "Trưởng ban", "Chánh Văn phòng", "Chánh Thanh tra",
    "Tổng Giám đốc", "Người đứng đầu", "Lãnh đạo", "Cục trưởng", "Tổng cục trưởng", "Chi cục trưởng", "Vụ trưởng",
    "Viện trưởng", "Hiệu trưởng",
)
# Titles that end with the head noun of the body they lead: "Chánh Văn phòng UBND tỉnh" stands for the Office of the
# committee (Văn phòng UBND tỉnh), not the committee. The title is the words before that head.
TITLES_BEFORE_THEIR_BODY: dict[str, str] = {"Chánh Văn phòng": "Chánh", "Chánh Thanh tra": "Chánh"}
# A leader's title printed alone for the bodies they lead ("Bộ trưởng, Thủ trưởng cơ quan ngang bộ …").
# Words that open a body's name and never close a line of text: "Bộ Tài chính, Bộ" ⏎ "Nông nghiệp và Môi trường"
# is one name wrapped, not two paragraphs.
NAME_HEADS: tuple[str, ...] = ("bộ", "sở", "cục", "tổng cục", "ủy ban", "uỷ ban", "văn phòng", "ngân hàng", "ban",
                               "trung tâm", "viện", "hội đồng", "đài", "báo", "kho bạc", "liên đoàn", "hội liên hiệp")

LEADER_BODIES: dict[str, str] = {"bộ trưởng": "Các bộ", "các bộ trưởng": "Các bộ"}

# Words that follow a body named as the subject of a duty ("Sở Y tế chủ trì …", "Các sở, ngành có trách nhiệm …"):
# a name is read as a subject only when one of these comes right after it.
SUBJECT_PREDICATES: tuple[str, ...] = (
    "chủ trì", "phối hợp", "có trách nhiệm", "chịu trách nhiệm", "là cơ quan", "là đầu mối", "tham mưu", "tiến hành",
    "thực hiện", "triển khai", "tổ chức", "hướng dẫn", "chỉ đạo", "định kỳ", "chủ động", "tiếp tục", "khẩn trương",
    "căn cứ", "xây dựng", "rà soát", "theo dõi", "kiểm tra", "đôn đốc", "báo cáo", "phổ biến", "tuyên truyền",
    "bố trí", "cung cấp", "quản lý", "nghiên cứu", "tăng cường", "đẩy mạnh", "thường xuyên", "kịp thời",
    "nâng cao", "tập trung", "đề xuất", "hoàn thiện", "cập nhật", "thẩm định", "giám sát", "xem xét", "trình",
    "ban hành", "bảo đảm", "đảm bảo", "sớm", "nghiêm túc", "làm việc", "vận động", "huy động", "trong phạm vi",
    "theo chức năng", "theo chức năng, nhiệm vụ", "tổng hợp", "đưa", "trình", "lồng ghép", "phát huy", "rà",
    "đôn đốc", "chuẩn bị", "phối hợp chặt chẽ", "giao", "hoàn thành", "có chức năng", "có nhiệm vụ",
)

# Words a body's name named as a subject never ends with: it goes on after a connecting word ("Ủy ban nhân dân
# các xã, phường và các tổ chức, cá nhân có liên quan chịu trách nhiệm …": "tổ chức" there is no verb).
NAME_CONTINUING_WORDS: tuple[str, ...] = (*CONNECTING_WORDS, "trực thuộc", "cấp")
# Words no body's name holds: a copula or a tense marker is already the sentence's verb ("Trung tâm … thành phố
# là tổ chức hành chính …", "Ban Thường vụ Tỉnh ủy đã kịp thời chỉ đạo …").
NOT_IN_NAMES: tuple[str, ...] = ("là", "đã", "đang", "sẽ", "vẫn", "cũng")
