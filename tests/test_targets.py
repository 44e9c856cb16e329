"""Tests for plangraph.ingest.understand.targets: numeric targets in objective sentences."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plangraph.ingest.understand.targets import Target, extract_targets


class Want(NamedTuple):
    """The fields a case checks: everything but the span."""

    indicator: str
    value: str | tuple[str, str]  # "850", or ("12", "13") for a range
    unit: str
    unit_text: str
    comparator: str = "eq"
    target_type: str = "level"
    year: int | None = None
    baseline: tuple[int | None, int | None] = (None, None)


def got(t: Target) -> Want:
    value: str | tuple[str, str]
    if t.value is not None:
        value = str(t.value)
    else:
        value = (str(t.min_value), str(t.max_value))
    return Want(t.indicator_text, value, t.unit, t.unit_text, t.comparator, t.target_type, t.target_year,
                (t.baseline_start, t.baseline_end))


# Seed document 000_0bb30dab4872855a (Hải Phòng, QĐ 281/QĐ-UBND 2016), objectives, verbatim.
SEED_54 = (
    "1. Phát triển nhân lực khoa học và công nghệ có trình độ cao, xây dựng đội ngũ chuyên gia giỏi, cán bộ "
    "khoa học và công nghệ đầu đàn. Phấn đấu đến 2020 nhân lực có trình độ cao đẳng, đại học trở lên đạt "
    "850 người/vạn dân; tỷ lệ cán bộ nghiên cứu - phát triển đạt 12 - 13 người/vạn dân. Đội ngũ nhân lực "
    "khoa học và công nghệ trong các trường đại học, cao đẳng, viện nghiên cứu, tổ chức khoa học và công nghệ "
    "trên địa bàn thành phố tăng bình quân 20%/năm; trong đó trình độ trên đại học đạt 40% vào năm 2020."
)
SEED_60 = (
    "4. Nâng tổng đầu tư xã hội cho khoa học và công nghệ đạt trên 2% GDP vào năm 2020; tăng mức đầu tư từ "
    "ngân sách cho khoa học và công nghệ bảo đảm tối thiểu 2% tổng chi ngân sách thành phố hàng năm."
)
SEED_147 = (
    "- Đến năm 2020 số lượng sáng chế, giải pháp hữu ích đăng ký bảo hộ tăng gấp 2 lần so với giai đoạn "
    "2011-2015."
)
SEED_148 = (
    "- 100% sáng chế/giải pháp hữu ích có giá trị thiết thực và có khả năng ứng dụng được hỗ trợ áp dụng vào "
    "sản xuất."
)
SEED_149 = (
    "- 100 % các sản phẩm đặc sản, làng nghề truyền thống của Hải Phòng được đăng ký bảo hộ quyền sở hữu "
    "công nghiệp."
)
SEED_150 = "- Số lượng đơn đăng ký nhãn hiệu ra nước ngoài tăng trung bình 20%/năm."
SEED_151 = (
    "- Hoạt động sáng tạo, phát huy sáng kiến, cải tiến kỹ thuật hợp lý hóa sản xuất được đẩy mạnh và có "
    "bước phát triển."
)
SEED_192 = (
    "Đến năm 2020 các sản phẩm, hàng hoá trọng điểm, chủ lực của thành phố đạt tiêu chuẩn quốc gia, quốc tế "
    "phù hợp; góp phần nâng tỷ trọng đóng góp của năng suất các yếu tố tổng hợp (TFP) vào tăng trưởng lên 40%."
)
SEED_230 = "- Tốc độ đổi mới công nghệ, thiết bị đạt 20 - 25%/năm."
SEED_231 = "- Đạt trình độ công nghệ tiên tiến trong khu vực trên một số lĩnh vực chủ yếu."
SEED_232 = (
    "- Tỷ lệ giá trị sản phẩm công nghệ cao và sản phẩm ứng dụng công nghệ cao trong tổng giá trị sản xuất "
    "công nghiệp đạt trên 40% vào năm 2020."
)

NL = "nhân lực có trình độ cao đẳng, đại học trở lên"
STAFF = (
    "Đội ngũ nhân lực khoa học và công nghệ trong các trường đại học, cao đẳng, viện nghiên cứu, tổ chức khoa "
    "học và công nghệ trên địa bàn thành phố"
)
TFP = "tỷ trọng đóng góp của năng suất các yếu tố tổng hợp (TFP) vào tăng trưởng"
HT = "Tỷ lệ giá trị sản phẩm công nghệ cao và sản phẩm ứng dụng công nghệ cao trong tổng giá trị sản xuất công nghiệp"
PER10K = "per-10k-inhabitants"

# (sentence, expected targets, why)
CASES: list[tuple[str, list[Want], str]] = [
    # --- the seed document ---------------------------------------------------------------------------
    (SEED_54, [
        Want(NL, "850", PER10K, "người/vạn dân", year=2020),
        Want("tỷ lệ cán bộ nghiên cứu - phát triển", ("12", "13"), PER10K, "người/vạn dân", "between", year=2020),
        Want(STAFF, "20", "percent", "%/năm", target_type="annual-growth"),
        Want("trình độ trên đại học", "40", "percent", "%", year=2020),
    ], "seed line 54: a leading year covers the sentence, a new sentence resets it, commas inside the NP"),
    (SEED_60, [
        Want("tổng đầu tư xã hội cho khoa học và công nghệ", "2", "percent", "% GDP", "gt", year=2020),
        Want("mức đầu tư từ ngân sách cho khoa học và công nghệ", "2", "percent",
             "% tổng chi ngân sách thành phố", "ge", "level-each-year"),
    ], "seed line 60: denominators in the unit; a yearly floor takes no year"),
    (SEED_147, [
        Want("số lượng sáng chế, giải pháp hữu ích đăng ký bảo hộ", "2", "times", "lần",
             target_type="multiple-of-baseline", year=2020, baseline=(2011, 2015)),
    ], "seed line 147: multiple of a baseline period"),
    (SEED_148, [
        Want("sáng chế/giải pháp hữu ích có giá trị thiết thực và có khả năng ứng dụng được hỗ trợ áp dụng vào "
             "sản xuất", "100", "percent", "%"),
    ], "seed line 148: clause-initial 100%, the indicator follows"),
    (SEED_149, [
        Want("các sản phẩm đặc sản, làng nghề truyền thống của Hải Phòng được đăng ký bảo hộ quyền sở hữu công "
             "nghiệp", "100", "percent", "%"),
    ], "seed line 149: '100 %' with a space"),
    (SEED_150, [
        Want("Số lượng đơn đăng ký nhãn hiệu ra nước ngoài", "20", "percent", "%/năm",
             target_type="annual-growth"),
    ], "seed line 150: 'tăng trung bình X%/năm'"),
    (SEED_151, [], "seed line 151: no number"),
    (SEED_192, [Want(TFP, "40", "percent", "%", year=2020)], "seed line 192: 'nâng … lên 40%', year across ';'"),
    (SEED_230, [
        Want("Tốc độ đổi mới công nghệ, thiết bị", ("20", "25"), "percent", "%/năm", "between", "annual-growth"),
    ], "seed line 230: a range per year"),
    (SEED_231, [], "seed line 231: 'trên một số' is no number"),
    (SEED_232, [Want(HT, "40", "percent", "%", "gt", year=2020)], "seed line 232: trailing 'vào năm 2020'"),
    # --- other phrasings of the genre --------------------------------------------------------------
    ("100% cơ quan nhà nước cấp tỉnh kết nối với hệ thống thông tin báo cáo quốc gia.", [
        Want("cơ quan nhà nước cấp tỉnh kết nối với hệ thống thông tin báo cáo quốc gia", "100", "percent", "%"),
    ], "'cơ' is not the lead word 'có'"),
    ("Giảm 30% thời gian xử lý hồ sơ so với năm 2020.", [
        Want("thời gian xử lý hồ sơ", "-30", "percent", "%", target_type="change", baseline=(2020, 2020)),
    ], "a decrease is a signed change; what is measured follows the number"),
    ("Thời gian xử lý hồ sơ giảm 30% so với năm 2020.", [
        Want("Thời gian xử lý hồ sơ", "-30", "percent", "%", target_type="change", baseline=(2020, 2020)),
    ], "the same decrease with the subject first"),
    ("Kim ngạch xuất khẩu tăng 20% so với năm 2020; giảm ít nhất 30% chi phí logistics.", [
        Want("Kim ngạch xuất khẩu", "20", "percent", "%", target_type="change", baseline=(2020, 2020)),
        Want("chi phí logistics", "-30", "percent", "%", "le", "change"),
    ], "increase and decrease; 'giảm ít nhất 30%' is le -30"),
    ("Giảm 20 - 25% chi phí.", [
        Want("chi phí", ("-25", "-20"), "percent", "%", "between", "change"),
    ], "a decreasing range flips its ends"),
    ("Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm.", [
        Want("tỷ lệ hộ nghèo", "-1.5", "percent", "%/năm", target_type="annual-growth"),
    ], "decimal comma; the direction comes from the leading 'Giảm'"),
    ("Giảm tỷ lệ hộ nghèo xuống còn 2%.", [
        Want("tỷ lệ hộ nghèo", "2", "percent", "%"),
    ], "'xuống còn' states a level"),
    ("Chi ngân sách cho khoa học và công nghệ bảo đảm tối thiểu 1,5% tổng chi ngân sách nhà nước.", [
        Want("Chi ngân sách cho khoa học và công nghệ", "1.5", "percent", "% tổng chi ngân sách nhà nước", "ge"),
    ], "'tối thiểu 1,5% tổng chi ngân sách'"),
    ("Mỗi khu công nghiệp có ít nhất 3 doanh nghiệp công nghệ cao.", [
        Want("doanh nghiệp công nghệ cao", "3", "enterprise", "doanh nghiệp", "ge"),
    ], "'có ít nhất 3 doanh nghiệp': the counted noun heads the indicator"),
    ("Năm 2025, tỷ lệ hồ sơ được xử lý trực tuyến đạt 95%.", [
        Want("tỷ lệ hồ sơ được xử lý trực tuyến", "95", "percent", "%", year=2025),
    ], "'Năm 2025,' opens the sentence"),
    ("Phấn đấu trên 50% diện tích sản xuất nông nghiệp chủ lực ứng dụng công nghệ thông minh.", [
        Want("diện tích sản xuất nông nghiệp chủ lực ứng dụng công nghệ thông minh", "50", "percent", "%", "gt"),
    ], "corpus 02: comparator at the clause head"),
    ("Hình thành ít nhất 100 doanh nghiệp khởi nghiệp sáng tạo, 50 doanh nghiệp khoa học công nghệ; đồng thời "
     "có ít nhất 50 doanh nghiệp trở thành hạt nhân đổi mới công nghệ, trong đó có 20 doanh nghiệp công nghệ "
     "cao đóng vai trò dẫn dắt ngành.", [
        Want("doanh nghiệp khởi nghiệp sáng tạo", "100", "enterprise", "doanh nghiệp", "ge"),
        Want("doanh nghiệp khoa học công nghệ", "50", "enterprise", "doanh nghiệp"),
        Want("doanh nghiệp trở thành hạt nhân đổi mới công nghệ", "50", "enterprise", "doanh nghiệp", "ge"),
        Want("doanh nghiệp công nghệ cao đóng vai trò dẫn dắt ngành", "20", "enterprise", "doanh nghiệp"),
    ], "corpus 02: a list of counts; ', trong đó' ends an indicator"),
    ("Tổ chức đào tạo, bồi dưỡng 3.000 lượt nhân lực về chuyển đổi số.", [
        Want("lượt nhân lực về chuyển đổi số", "3000", "", "lượt"),
    ], "thousands dot; an unknown count has unit ''"),
    ("Trong đó, mỗi năm có ít nhất 150 sản phẩm đổi mới sáng tạo được thương mại hoá.", [
        Want("sản phẩm đổi mới sáng tạo được thương mại hoá", "150", "", "sản phẩm", "ge", "level-each-year"),
    ], "corpus 02: 'mỗi năm' before the count"),
    ("Quy mô kinh tế số đạt 40% GRDP.", [Want("Quy mô kinh tế số", "40", "percent", "% GRDP")], "% GRDP"),
    ("- Đưa tỷ lệ doanh nghiệp ứng dụng công nghệ tiên tiến trong sản xuất, quản lý, kinh doanh lên tối thiểu "
     "80% trên toàn Tỉnh.", [
        Want("tỷ lệ doanh nghiệp ứng dụng công nghệ tiên tiến trong sản xuất, quản lý, kinh doanh", "80",
             "percent", "%", "ge"),
    ], "corpus 02: 'Đưa … lên tối thiểu 80%'"),
    ("phấn đấu đến năm 2030 đạt 30% doanh nghiệp nhỏ và vừa thực hiện.", [
        Want("doanh nghiệp nhỏ và vừa thực hiện", "30", "percent", "%", year=2030),
    ], "nothing before the cue: the indicator follows"),
    ("để đạt mục tiêu tới năm 2026 tỷ lệ bao phủ bảo hiểm y tế đạt trên 95,5% dân số, đến năm 2030 đạt mục "
     "tiêu bao phủ bảo hiểm y tế toàn dân.", [
        Want("tỷ lệ bao phủ bảo hiểm y tế", "95.5", "percent", "% dân số", "gt", year=2026),
    ], "corpus 09: a time phrase inside restarts the indicator; the year after the comma is not its own"),
    ("Tỷ lệ A đạt 30%, tỷ lệ B đạt 40% vào năm 2025.", [
        Want("Tỷ lệ A", "30", "percent", "%", year=2025),
        Want("tỷ lệ B", "40", "percent", "%", year=2025),
    ], "a trailing year covers its ';'-clause"),
    ("Đến năm 2025, tỷ lệ A đạt 50%; đến năm 2030 đạt 80%.", [
        Want("tỷ lệ A", "50", "percent", "%", year=2025),
        Want("tỷ lệ A", "80", "percent", "%", year=2030),
    ], "two horizons; the elided subject is carried over"),
    ("Tỷ lệ lao động qua đào tạo từ 70% trở lên vào năm 2025.", [
        Want("Tỷ lệ lao động qua đào tạo", "70", "percent", "%", "ge", year=2025),
    ], "'từ … trở lên'; 'đào tạo' mid-clause is no cue"),
    ("Tăng tỷ lệ X từ 20% lên 30%.", [Want("tỷ lệ X", "30", "percent", "%")], "a starting value is no target"),
    ("Doanh thu đạt từ 20% đến 25% tổng doanh thu.", [
        Want("Doanh thu", ("20", "25"), "percent", "% tổng doanh thu", "between"),
    ], "'từ X% đến Y%'"),
    ("Số lượng X tăng gấp đôi so với năm 2020.", [
        Want("Số lượng X", "2", "times", "", target_type="multiple-of-baseline", baseline=(2020, 2020)),
    ], "a multiple in words"),
    ("Năng suất lao động tăng bình quân 6%/năm.", [
        Want("Năng suất lao động", "6", "percent", "%/năm", target_type="annual-growth"),
    ], "'Năng' is not the lead word 'Nâng'"),
    ("Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng dưới 10%.", [
        Want("Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng", "10", "percent", "%", "lt"),
    ], "'5 tuổi' has no unit; 'dưới' is lt"),
    ("Tỷ lệ nợ xấu không quá 3%.", [Want("Tỷ lệ nợ xấu", "3", "percent", "%", "le")], "'không quá' is le"),
    ("Tỷ lệ giường bệnh đạt 32 giường bệnh/1 vạn dân.", [
        Want("Tỷ lệ giường bệnh", "32", PER10K, "giường bệnh/1 vạn dân"),
    ], "another per-10k unit"),
    ("Hằng năm, 100% doanh nghiệp được kiểm tra.", [
        Want("doanh nghiệp được kiểm tra", "100", "percent", "%", target_type="level-each-year"),
    ], "'Hằng năm,' opens the sentence"),
    ("Giám sát 100% công trình.", [Want("công trình", "100", "percent", "%")], "'Giám' is not 'giảm'"),
    ("Các sản phẩm đạt tiêu chuẩn ISO 9001-2008 theo Quyết định 281/QĐ-UBND ngày 25/02/2016.", [],
     "codes, dates and years are not targets"),
    ("Thực hiện trong giai đoạn 2016-2020, quý IV/2025 và năm 2030.", [], "periods are not targets"),
    ("7\tTổ chức các hội nghị gặp gỡ trí thức\tSở Khoa học và Công nghệ\t2016-2020", [],
     "a task-table row number is no count"),
    ("DEN NAM 2025 TY LE X DAT 80%.", [Want("TY LE X", "80", "percent", "%", year=2025)],
     "upper case without diacritics"),
]

assert len({c[0] for c in CASES}) == len(CASES), "duplicate case"


@pytest.mark.parametrize(("text", "expected", "why"), CASES, ids=[c[2][:60] for c in CASES])
def test_extract_targets(text: str, expected: list[Want], why: str) -> None:
    assert [got(t) for t in extract_targets(text)] == expected, why


@pytest.mark.parametrize(("text", "expected", "why"), CASES, ids=[c[2][:60] for c in CASES])
def test_spans_and_indicators_are_in_the_input(text: str, expected: list[Want], why: str) -> None:
    seen: set[str] = set()
    for t in extract_targets(text):
        assert 0 <= t.start < t.end <= len(text)
        assert t.indicator_text in text
        inside = t.indicator_text in text[t.start : t.end]
        assert inside or t.indicator_text in seen, "an indicator outside the span is a carried-over one"
        seen.add(t.indicator_text)


def test_span_of_the_first_seed_target() -> None:
    first = extract_targets(SEED_54)[0]
    assert SEED_54[first.start : first.end] == f"{NL} đạt 850 người/vạn dân"


def test_values_are_decimals() -> None:
    t = extract_targets(SEED_147)[0]
    assert isinstance(t.value, Decimal) and t.value == Decimal("2")


def test_default_year_fills_only_missing_years() -> None:
    text = "Tỷ lệ A đạt 30%; tỷ lệ B đạt 40% vào năm 2025; tối thiểu 2% tổng chi ngân sách hằng năm."
    years = [t.target_year for t in extract_targets(text, default_year=2030)]
    assert years == [2030, 2025, None]


def test_several_sentences_and_paragraphs() -> None:
    text = f"{SEED_147}\n{SEED_148}\n\n{SEED_150}"
    assert [t.target_type for t in extract_targets(text)] == ["multiple-of-baseline", "level", "annual-growth"]


@pytest.mark.parametrize("form", ["NFD", "NFKC"])
def test_unicode_forms_give_the_same_targets(form: str) -> None:
    text = unicodedata.normalize(form, SEED_60)
    targets = extract_targets(text)
    assert [(t.value, t.comparator, t.target_type, t.target_year) for t in targets] == [
        (Decimal("2"), "gt", "level", 2020), (Decimal("2"), "ge", "level-each-year", None)]
    assert [unicodedata.normalize("NFC", t.indicator_text) for t in targets] == [
        "tổng đầu tư xã hội cho khoa học và công nghệ", "mức đầu tư từ ngân sách cho khoa học và công nghệ"]


def test_upper_case_sentence() -> None:
    targets = extract_targets(SEED_60.upper())
    assert [(t.indicator_text, t.unit_text, t.comparator) for t in targets] == [
        ("TỔNG ĐẦU TƯ XÃ HỘI CHO KHOA HỌC VÀ CÔNG NGHỆ", "% GDP", "gt"),
        ("MỨC ĐẦU TƯ TỪ NGÂN SÁCH CHO KHOA HỌC VÀ CÔNG NGHỆ", "% TỔNG CHI NGÂN SÁCH THÀNH PHỐ", "ge"),
    ]


# --- properties -------------------------------------------------------------------------------------


def vietnamese(number: Decimal) -> str:
    """Print *number* the Vietnamese way: "." between thousands, "," before decimals."""
    whole, _, fraction = f"{number:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999.99"), places=2).map(
    lambda d: d.normalize() if d == d.to_integral() else d
)


@given(amounts, st.sampled_from(["đạt", "đạt trên", "tối thiểu", "lên", "ít nhất"]))
def test_vietnamese_numbers_round_trip(amount: Decimal, cue: str) -> None:
    text = f"Tỷ lệ X {cue} {vietnamese(amount)}%."
    (target,) = extract_targets(text)
    assert target.value == amount
    assert target.indicator_text == "Tỷ lệ X"
    assert vietnamese(amount) in text[target.start : target.end]


@given(st.integers(min_value=1945, max_value=2100), st.integers(min_value=1, max_value=99))
def test_target_year_is_read(year: int, percent: int) -> None:
    (target,) = extract_targets(f"Đến năm {year}, tỷ lệ X đạt {percent}%.")
    assert (target.target_year, target.value) == (year, Decimal(percent))


@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    for t in extract_targets(text):
        assert 0 <= t.start < t.end <= len(text)
        assert t.indicator_text in text
        span = text[t.start : t.end]
        assert any(ch.isdigit() for ch in span) or t.target_type == "multiple-of-baseline"


pieces = st.sampled_from([
    "Tỷ lệ ", "đạt ", "trên ", "tăng ", "giảm ", "gấp ", "lần ", "%", "/năm", " người/vạn dân",
    " doanh nghiệp", "từ ", " đến ", "năm ", "hằng năm", "so với ", "trở lên", "; ", ", ", ". ", "\n",
    "100", "2020", "1.000", "1,5", "12 - 13", "-", "\t", "Quý IV/", "(", ")", "Đến năm 2025 ",
])


@given(st.lists(pieces, max_size=30).map("".join))
def test_never_raises_on_genre_soup(text: str) -> None:
    for t in extract_targets(text):
        assert 0 <= t.start < t.end <= len(text)
        assert any(ch.isdigit() for ch in text[t.start : t.end])
        assert t.comparator in {"eq", "gt", "ge", "lt", "le", "between"}
        assert (t.value is None) == (t.min_value is not None) == (t.max_value is not None)
