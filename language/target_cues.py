"""Language tables of the target parser (:mod:`plangraph.ingest.understand.targets`): data only, written as printed
(lower case, with diacritics)."""

from __future__ import annotations

# Verb right before the number → kind. "level": a level is stated; "object": a level, but what is
# measured follows the number ("có"); "object-head": the same, only at the head of a clause
# ("Hình thành ít nhất 20 mô hình", but not "lao động qua đào tạo từ 70%"); "up"/"down": a relative
# change; "avg*": an average yearly change ("avg" takes its direction from the clause); "multiple":
# a multiple of the baseline.
VERB_CUES: dict[str, str] = {
    "đạt": "level", "đạt được": "level", "đạt mức": "level", "phấn đấu đạt": "level",
    "lên": "level", "nâng lên": "level", "tăng lên": "level", "lên mức": "level",
    "xuống": "level", "xuống còn": "level", "giảm xuống": "level", "giảm còn": "level", "còn": "level",
    "là": "level", "bằng": "level", "chiếm": "level", "duy trì": "level", "ở mức": "level",
    "bảo đảm": "level", "đảm bảo": "level", "phấn đấu": "level",
    "có": "object",
    "hình thành": "object-head", "thành lập": "object-head", "xây dựng": "object-head",
    "phát triển": "object-head", "thu hút": "object-head", "đào tạo": "object-head",
    "bồi dưỡng": "object-head", "hỗ trợ": "object-head",
    "tăng": "up", "tăng thêm": "up",
    "giảm": "down", "giảm thêm": "down", "giảm bớt": "down", "cắt giảm": "down", "rút ngắn": "down",
    "tăng bình quân": "avg-up", "tăng trung bình": "avg-up", "tăng trưởng": "avg-up",
    "tăng trưởng bình quân": "avg-up", "tăng trưởng trung bình": "avg-up",
    "giảm bình quân": "avg-down", "giảm trung bình": "avg-down",
    "bình quân": "avg", "trung bình": "avg",
    "gấp": "multiple", "tăng gấp": "multiple", "cao gấp": "multiple", "lớn gấp": "multiple",
    "tăng lên gấp": "multiple",
}

# Comparator right before the number. "từ" ("from") is "ge" only with "trở lên" after the number.
COMPARATOR_CUES: dict[str, str] = {
    "trên": "gt", "hơn": "gt", "vượt": "gt", "vượt trên": "gt", "cao hơn": "gt", "nhiều hơn": "gt",
    "lớn hơn": "gt",
    "tối thiểu": "ge", "ít nhất": "ge", "không dưới": "ge", "không thấp hơn": "ge", "không ít hơn": "ge",
    "dưới": "lt", "thấp hơn": "lt", "ít hơn": "lt", "nhỏ hơn": "lt",
    "không quá": "le", "tối đa": "le", "không vượt quá": "le", "không cao hơn": "le",
    "không lớn hơn": "le", "không nhiều hơn": "le",
    "từ": "from",
}

# Words that may sit between the cue and the number without changing its meaning.
FILLER_CUES: tuple[str, ...] = ("mức", "khoảng", "con số", "xấp xỉ")

# Counted nouns and measures after a number → unit concept key ("" when there is no concept for it).
COUNT_UNITS: dict[str, str] = {
    "người": "person", "lượt người": "person", "cán bộ": "person", "chuyên gia": "person",
    "nhà khoa học": "person", "lao động": "person", "học viên": "person", "sinh viên": "person",
    "giảng viên": "person", "bác sĩ": "person", "nhân lực": "person",
    "doanh nghiệp": "enterprise", "công ty": "enterprise",
    "lượt": "", "hợp tác xã": "", "mô hình": "", "sản phẩm": "", "cơ sở": "", "tổ chức": "",
    "trung tâm": "", "vùng": "", "dự án": "", "đề tài": "", "nhiệm vụ": "", "sáng chế": "",
    "đơn": "", "văn bằng": "", "phòng thí nghiệm": "", "khu": "", "cụm": "", "xã": "", "hộ": "",
    "trường": "", "lớp": "", "khóa": "", "khoá": "", "hội thảo": "", "tiêu chuẩn": "", "chương trình": "",
    "nền tảng": "", "cơ sở dữ liệu": "", "thủ tục": "", "dịch vụ": "", "điểm": "", "lần": "",
    "tỷ đồng": "", "triệu đồng": "", "nghìn tỷ đồng": "", "ngàn tỷ đồng": "", "nghìn đồng": "",
    "tỷ usd": "", "triệu usd": "", "usd": "", "ha": "", "héc-ta": "", "km": "", "tấn": "", "mw": "",
}
TIMES_WORD = "lần"  # the counted noun that makes a multiple after "gấp"/"tăng"

# Number words after "gấp" ("tăng gấp đôi").
MULTIPLE_WORDS: dict[str, str] = {"đôi": "2", "rưỡi": "1.5", "ba": "3", "bốn": "4"}

# A phrase after "%" that is the denominator ("% GDP") starts with one of these words …
DENOMINATOR_HEADS: tuple[str, ...] = (
    "gdp", "grdp", "gni", "tổng", "dân số", "ngân sách", "kim ngạch", "giá trị", "vốn", "chi",
)
# … and stops at punctuation, a digit, or one of these.
DENOMINATOR_STOPS: tuple[str, ...] = (
    "vào", "đến", "tới", "trong", "hằng năm", "hàng năm", "mỗi năm", "trở lên", "trở xuống",
    "so với", "năm", "và", "để", "nhằm", "trên", "đạt",
)
DENOMINATOR_MAX_WORDS = 8

# Dropped from the front of an indicator (longest first, repeatedly), unless BLOCKED_LEADS applies.
LEAD_PHRASES: tuple[str, ...] = (
    "phấn đấu", "trong đó", "đồng thời", "góp phần", "nâng", "nâng cao", "tăng", "giảm", "cắt giảm",
    "đưa", "bảo đảm", "đảm bảo", "hình thành", "có", "và", "để", "nhằm", "đạt", "mục tiêu", "cụ thể",
    "chỉ tiêu", "hằng năm", "hàng năm", "mỗi năm", "riêng", "theo đó", "ngoài ra", "bên cạnh đó",
)
BLOCKED_LEADS: tuple[str, ...] = ("tăng cường", "tăng trưởng", "nâng cấp", "giảm nghèo", "có thể")
# Leading words that make a change a decrease / a level a yearly one.
DECREASE_LEADS: tuple[str, ...] = ("giảm", "cắt giảm")
EACH_YEAR_LEADS: tuple[str, ...] = ("hằng năm", "hàng năm", "mỗi năm")
# After a comma, these open a new clause (the indicator cannot reach back past them).
CLAUSE_OPENERS: tuple[str, ...] = (
    "phấn đấu", "trong đó", "đồng thời", "góp phần", "ngoài ra", "bên cạnh đó", "theo đó", "riêng",
)

# Lead phrases that are ordinary words once diacritics are gone ("co" = có/cơ, "nang" = nâng/năng):
# not dropped when the input has no diacritics.
AMBIGUOUS_WHEN_FOLDED: tuple[str, ...] = ("có", "để", "nâng", "giảm", "tăng", "đạt", "đưa")

# Dropped from the end of an indicator.
TRAIL_WORDS: tuple[str, ...] = ("là", "được", "sẽ", "phải", "cần", "ở mức", "phấn đấu")

# A piece before a comma holding one of these is a clause of its own (so the comma ends the indicator).
PREDICATE_WORDS: tuple[str, ...] = ("đạt", "đạt được", "tăng", "giảm", "nâng", "lên", "gấp", "hoàn thành")

ABBREVIATIONS: tuple[str, ...] = ("tp", "tx", "tt", "ts", "ths", "gs", "pgs", "bs", "ks", "th", "v.v")

# Regex sources, written with diacritics (the folded lexicon strips them).
TIME_WORDS = r"(?:đến|tới|vào|trong|cuối|hết)"
YEAR_MENTION = (
    rf"\b(?:{TIME_WORDS}\s+(?:hết\s+|cuối\s+)?(?:năm\s+)?|năm\s+)(?P<y>(?:19|20|21)\d\d)(?![\d/])(?!\s*-\s*\d)"
)
NOT_TARGET_YEAR_BEFORE = r"(?:\bso với|\btừ|\bsau|\btháng\s+\d{1,2}|\bngày|\bgiai đoạn)\s*$"
BASELINE = (
    r"\bso với\s+(?:(?:giai đoạn|thời kỳ|kỳ|cuối năm|đầu năm|năm)\s+)?(?P<a>\d{4})(?:\s*-\s*(?P<b>\d{4}))?"
)
LEAD_TIME = (
    rf"(?:(?:{TIME_WORDS}|từ)\s+(?:hết\s+|cuối\s+)?(?:năm\s+)?|năm\s+|giai đoạn\s+)\d{{4}}"
    r"(?:\s*-\s*\d{4})?(?![\d/])"
)
TRAIL_TIME = r"(?:,?\s*(?:(?:vào|đến|tới|trong)\s+)?năm\s+\d{4}|,?\s*(?:hằng|hàng|mỗi)\s+năm)[\s,;:.]*$"
AFTER_CUT = r"\b(?:so với|vào năm|đến năm|tới năm|trong năm|trở lên|trở xuống)\b"
GE_AFTER = r"\s*trở lên\b"
LE_AFTER = r"\s*trở xuống\b"
EACH_YEAR_AFTER = r"[\s,]*(?:hằng|hàng|mỗi)\s+năm\b"
EACH_YEAR_INSIDE = r"\b(?:hằng|hàng|mỗi)\s+năm\b"
PER_YEAR_AFTER = r"\s*(?:mỗi|một)\s+năm\b"
PERCENT = r"[ \t]?%(?P<year>\s*/\s*năm\b)?"
PER_10K = (
    r"\s+(?P<u>(?:[^\W\d_]+\s+){0,2}?[^\W\d_]+\s*/\s*(?:1\s+|một\s+)?(?:vạn|10\.000)\s+(?:người\s+)?dân)\b"
)
RANGE_WORD = "đến"
RANGE_OPENER = r"\btừ\s*$"
MULTIPLE_CUE = "gấp"
