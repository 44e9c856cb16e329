"""The agency-name normaliser and the splitter of multi-agency cells.

Cases are tables (input, expected …, why). Cases drawn from real documents name their file: the seed
is /work/shared/seed/000_…; the corpus files are /work/shared/corpus/02, 08, 09, 10.
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plangraph.ingest.understand.agencies import clean_agency_text, normalize_agency, read_agency_cell, split_agencies
from plangraph.language import lexicon
from plangraph.language.folding import slugify
from plangraph.ontology.concepts import scheme

KH_CN = "Sở Khoa học và Công nghệ"
TT_KHCN = "Trung tâm Thông tin Khoa học và Công nghệ"

# (surface, canonical, key, kind, place, why). kind None: not an agency kind, key is the slug.
CASES: list[tuple[str, str, str, str | None, str | None, str]] = [
    ("Trung tâm Thông tin KH&CN", TT_KHCN, "trung-tam-thong-tin-khoa-hoc-va-cong-nghe",
     "trung-tam-thong-tin-khoa-hoc-va-cong-nghe", None, "seed: KH&CN expanded"),
    ("Trung tâm thông tin Khoa học và Công nghệ", TT_KHCN, "trung-tam-thong-tin-khoa-hoc-va-cong-nghe",
     "trung-tam-thong-tin-khoa-hoc-va-cong-nghe", None, "seed: lower-case 'thông tin'"),
    ("Liên hiệp các Hội KH&KT thành phố", "Liên hiệp các Hội Khoa học và Kỹ thuật",
     "lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat", "lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat", None,
     "seed: KH&KT expanded, trailing 'thành phố' dropped"),
    ("Sở Công thương", "Sở Công Thương", "so-cong-thuong", "so-cong-thuong", None,
     "seed: the kind's spelling wins over the surface's capitalisation"),
    ("Sở KH&CN", KH_CN, "so-khoa-hoc-va-cong-nghe", "so-khoa-hoc-va-cong-nghe", None, "short form"),
    ("Sở Khoa học và Công nghệ tỉnh Đồng Tháp", KH_CN, "so-khoa-hoc-va-cong-nghe", "so-khoa-hoc-va-cong-nghe", "87",
     "corpus 02: the province is dropped from the name and kept as the place"),
    ("Trung tâm Ứng dụng tiên bộ khoa học và công nghệ", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
     "trung-tam-ung-dung-tien-bo-khoa-hoc-va-cong-nghe", "trung-tam-ung-dung-tien-bo-khoa-hoc-va-cong-nghe", None,
     "seed task 11: damaged diacritic 'tiên bộ' repaired by the kind"),
    ("<b>Sở Y tế</b>", "Sở Y tế", "so-y-te", "so-y-te", None, "HTML removed"),
    ("**Sở Y tế**", "Sở Y tế", "so-y-te", "so-y-te", None, "markdown bold (shape A cells) removed"),
    ("Liên đoàn Lao động thành phố", "Liên đoàn Lao động", "lien-doan-lao-dong", "lien-doan-lao-dong", None,
     "seed plan 4"),
    ("Thành đoàn Hải Phòng", "Thành đoàn", "thanh-doan", None, "31",
     "seed plan 4: outside the kinds; the city is the place, not part of the name"),
    ("Công an tỉnh", "Công an tỉnh", "cong-an-tinh", "cong-an-tinh", None,
     "corpus 10: a kind whose own name ends in 'tỉnh' (was cut to 'Công an')"),
    ("Công an thành phố Hải Phòng", "Công an tỉnh", "cong-an-tinh", "cong-an-tinh", "31",
     "the city police is the same kind as a province's"),
    ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân", "van-phong-uy-ban-nhan-dan", "van-phong-uy-ban-nhan-dan",
     None, "corpus 10 ('phối hợp với Văn phòng UBND tỉnh')"),
    ("UBND tỉnh Sơn La", "Ủy ban nhân dân", "uy-ban-nhan-dan", "uy-ban-nhan-dan", "14", "UBND expanded"),
    ("Bộ KH&CN", "Bộ Khoa học và Công nghệ", "bo-khoa-hoc-va-cong-nghe", "bo-khoa-hoc-va-cong-nghe", None,
     "a ministry"),
    ("Bộ Khoa học và\nCông nghệ", "Bộ Khoa học và Công nghệ", "bo-khoa-hoc-va-cong-nghe",
     "bo-khoa-hoc-va-cong-nghe", None, "corpus 08: a name wrapped inside its cell"),
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", KH_CN, "so-khoa-hoc-va-cong-nghe", "so-khoa-hoc-va-cong-nghe", None, "all caps"),
    ("Sở Khoa hoc va Cong nghe", KH_CN, "so-khoa-hoc-va-cong-nghe", "so-khoa-hoc-va-cong-nghe", None,
     "diacritics lost"),
    ("Các đơn vị: Sở Tài chính", "Sở Tài chính", "so-tai-chinh", "so-tai-chinh", None, "a label before the name"),
    ("Sở VHTT&DL", "Sở Văn hóa, Thể thao và Du lịch", "so-van-hoa-the-thao-va-du-lich",
     "so-van-hoa-the-thao-va-du-lich", None, "abbreviation that expands to a name with a comma"),
    ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội", "so-lao-dong-thuong-binh-va-xa-hoi",
     "so-lao-dong-thuong-binh-va-xa-hoi", None, "hyphenated abbreviation"),
    ("Trung tâm Kỹ thuật TĐC", "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
     "trung-tam-ky-thuat-tieu-chuan-do-luong-chat-luong", "trung-tam-ky-thuat-tieu-chuan-do-luong-chat-luong", None,
     "seed: TĐC expanded"),
    ("Sở Giáo dục và Đào tạo TP. Hồ Chí Minh", "Sở Giáo dục và Đào tạo", "so-giao-duc-va-dao-tao",
     "so-giao-duc-va-dao-tao", "79", "'TP.' and a three-word city"),
    ("Sở Công Thương tỉnh Bà Rịa - Vũng Tàu", "Sở Công Thương", "so-cong-thuong", "so-cong-thuong", "77",
     "a province whose name holds a dash"),
    ("Sở Khoa học và Công nghệ (chủ trì)", KH_CN, "so-khoa-hoc-va-cong-nghe", "so-khoa-hoc-va-cong-nghe", None,
     "a role remark in brackets is not part of the name"),
    ("Bộ Công an (Cục A03 - để b/c)", "Bộ Công an", "bo-cong-an", "bo-cong-an", None,
     "corpus 10 recipients: a bracketed remark after the agency"),
    ("- Sở Tư pháp;", "Sở Tư pháp", "so-tu-phap", "so-tu-phap", None, "corpus 10 recipients: list punctuation"),
    ("Báo Hải Phòng", "Báo Hải Phòng", "bao-hai-phong", None, "31",
     "a newspaper named after its city is not cut down to the single word 'Báo'"),
    ("Sở Tài nguyên và Môi trường Hải Phòng", "Sở Tài nguyên và Môi trường", "so-tai-nguyen-va-moi-truong",
     "so-tai-nguyen-va-moi-truong", "31", "a bare city name after the agency"),
    ("các doanh nghiệp", "Các doanh nghiệp", "cac-doanh-nghiep", None, None, "outside the kinds: first letter up"),
    ("Bộ Xây dựng", "Bộ Xây dựng", "bo-xay-dung", "bo-xay-dung", None, "corpus 08: lead ministry"),
    ("Bảo hiểm xã hội Việt Nam", "Bảo hiểm xã hội Việt Nam", "bao-hiem-xa-hoi-viet-nam", "bao-hiem-xa-hoi-viet-nam",
     None, "corpus 09: 'Việt Nam' is not a province to drop"),
    ("Ủy ban MTTQ Việt Nam thành phố", "Ủy ban Mặt trận Tổ quốc Việt Nam", "uy-ban-mat-tran-to-quoc",
     "uy-ban-mat-tran-to-quoc", None, "MTTQ expanded"),
    ("Thành ủy Hải Phòng", "Tỉnh ủy", "tinh-uy", "tinh-uy", "31", "a city party committee is the same kind"),
]
assert len({c[0] for c in CASES}) == len(CASES), "duplicate case input"


@pytest.mark.parametrize(("surface", "canonical", "key", "kind", "place", "why"), CASES,
                         ids=[f"{i}-{slugify(c[0])[:50]}" for i, c in enumerate(CASES)])
def test_normalize_agency(surface: str, canonical: str, key: str, kind: str | None, place: str | None,
                          why: str) -> None:
    name = normalize_agency(surface)
    assert (name.canonical, name.key, name.kind, name.place) == (canonical, key, kind, place), why


EQUIVALENT = [
    ("Trung tâm Thông tin KH&CN", "Trung tâm thông tin Khoa học và Công nghệ", TT_KHCN),
    ("Liên hiệp các Hội KH&KT thành phố", "Liên hiệp các Hội KH&KT"),
    ("Sở KH&CN", KH_CN, "Sở Khoa học và Công nghệ tỉnh Đồng Tháp", "Sở KHCN", "<p>Sở Khoa học và Công nghệ</p>"),
    ("Liên đoàn Lao động thành phố", "Liên đoàn Lao động", "Liên đoàn Lao động Hải Phòng"),
]


@pytest.mark.parametrize("names", EQUIVALENT, ids=[slugify(g[0]) for g in EQUIVALENT])
def test_equivalent_surfaces_share_one_key(names: tuple[str, ...]) -> None:
    assert len({normalize_agency(n).key for n in names}) == 1


def test_national_flag_follows_the_kind_level() -> None:
    assert normalize_agency("Bộ Y tế").national and normalize_agency("Thủ tướng Chính phủ").national
    assert not normalize_agency("Sở Y tế").national and not normalize_agency("Thành đoàn").national


def test_surface_is_the_cleaned_text_as_printed() -> None:
    assert normalize_agency("<b>Sở  KH&CN</b>").surface == "Sở KH&CN"


KIND_LABELS = sorted({(label, c.key) for c in scheme("agency-kind").values() for label in (c.label_vi, *c.alt_labels)})


@pytest.mark.parametrize(("label", "key"), KIND_LABELS, ids=[slugify(lab) for lab, _ in KIND_LABELS])
def test_every_label_of_a_kind_normalises_to_that_kind(label: str, key: str) -> None:
    name = normalize_agency(label)
    assert (name.key, name.kind) == (key, key)
    assert name.canonical == scheme("agency-kind")[key].label_vi


# (cell, parts, why)
SPLITS: list[tuple[str, list[str], str]] = [
    ("Liên hiệp các Hội KH&KT, Liên đoàn Lao động thành phố, Hội Nông dân, Thành đoàn Hải Phòng",
     ["Liên hiệp các Hội KH&KT", "Liên đoàn Lao động thành phố", "Hội Nông dân", "Thành đoàn Hải Phòng"],
     "seed plan 4, task 1"),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"], "commas inside one name"),
    ("Sở Tài chính và Sở Kế hoạch và Đầu tư", ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"], "'và' between agencies"),
    ("Sở Kế hoạch và Đầu tư", ["Sở Kế hoạch và Đầu tư"], "'và' inside one name"),
    ("<b>Sở Y tế</b>", ["Sở Y tế"], "HTML cleaned"),
    ("**Sở Y tế**, Sở Tài chính", ["Sở Y tế", "Sở Tài chính"], "markdown cleaned"),
    ("Sở Y tế<br>Sở Tài chính", ["Sở Y tế", "Sở Tài chính"], "an HTML line break separates agencies"),
    ("Sở Lao động - Thương binh và Xã hội, Sở Y tế", ["Sở Lao động - Thương binh và Xã hội", "Sở Y tế"],
     "'và Xã hội' is no agency head"),
    ("Sở Khoa học và Công nghệ với Sở Tài chính", ["Sở Khoa học và Công nghệ", "Sở Tài chính"], "'với'"),
    ("Viện, Trường; Doanh nghiệp; Sở, ban, ngành có liên quan",
     ["Viện", "Trường", "Doanh nghiệp"],
     "corpus 02 partners: a semicolon always separates; related bodies in general are a remark"),
    ("Các bộ, ngành, địa\nphương", ["Các bộ, ngành, địa phương"], "corpus 08 partners: a wrapped group"),
    ("Bộ Khoa học và\nCông nghệ", ["Bộ Khoa học và Công nghệ"], "corpus 08: a wrap inside a name"),
    ("Bộ Y tế, các bộ, ngành", ["Bộ Y tế", "các bộ, ngành"], "a lower-case group after an agency"),
    ("Liên hiệp các\nHội Khoa học và Kỹ thuật", ["Liên hiệp các Hội Khoa học và Kỹ thuật"],
     "a line ending in 'các' continues: 'Hội' after the wrap is no new agency"),
    ("Các sở, ban, ngành; UBND các quận, huyện", ["Các sở, ban, ngành", "UBND các quận, huyện"],
     "groups of agencies"),
    ("", [], "an empty cell"),
]
assert len({c[0] for c in SPLITS}) == len(SPLITS), "duplicate split case"


@pytest.mark.parametrize(("cell", "parts", "why"), SPLITS, ids=[slugify(c[2])[:50] for c in SPLITS])
def test_split_agencies(cell: str, parts: list[str], why: str) -> None:
    assert split_agencies(cell) == parts, why


# (cell, names, remarks, why): cells of the national plan 844/QĐ-TTg (corpus 09) as the Công báo reader joins them.
CELLS: list[tuple[str, list[str], list[str], str]] = [
    ("Bộ Tài chính, cơ \nquan, đơn vị liên \nquan", ["Bộ Tài chính"], ["cơ quan, đơn vị liên quan"],
     "related bodies in general are a remark, not an agency"),
    ("Ủy ban nhân \ndân cấp tỉnh \ntrình \nHội \nđồng \nnhân \ndân cùng cấp", ["Ủy ban nhân dân cấp tỉnh"],
     ["trình Hội đồng nhân dân cùng cấp"], "what the lead must do is a remark, even across line breaks"),
    ("Các Bộ, ngành Ủy \nban nhân dân cấp \ntỉnh, Sở Y tế cơ \nquan, đơn vị liên \nquan",
     ["Các Bộ, ngành", "Ủy ban nhân dân cấp tỉnh", "Sở Y tế"], ["cơ quan, đơn vị liên quan"],
     "names printed without a comma between them are split where both sides are known"),
    ("Bộ, cơ quan, tổ chức có liên quan, cơ sở khám bệnh, chữa bệnh", ["cơ sở khám bệnh, chữa bệnh"],
     ["Bộ, cơ quan, tổ chức có liên quan"], "a remark first, a group of actors after it"),
    ("Sở Y tế đối với địa phương", ["Sở Y tế"], ["đối với địa phương"], "'đối với' starts a remark"),
    ("Các bộ ở Trung ương", ["Các bộ"], ["ở Trung ương"], "'ở' starts a remark"),
    ("Các cơ quan có liên quan", [], ["Các cơ quan có liên quan"], "a cell naming no agency at all"),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"], [], "no remark in a plain name"),
]


@pytest.mark.parametrize(("cell", "names", "remarks", "why"), CELLS, ids=[slugify(c[3])[:50] for c in CELLS])
def test_read_agency_cell_keeps_remarks_apart(cell: str, names: list[str], remarks: list[str], why: str) -> None:
    read = read_agency_cell(cell)
    assert (list(read.names), list(read.remarks)) == (names, remarks), why


# (name, canonical, kind, levels, why)
GROUPS: list[tuple[str, str, str | None, tuple[str, ...], str]] = [
    ("Ủy ban nhân dân cấp tỉnh", "Ủy ban nhân dân cấp tỉnh", "uy-ban-nhan-dan", ("province",),
     "the level keeps its place word ('tỉnh' is not dropped as a location)"),
    ("UBND các quận, huyện", "Ủy ban nhân dân cấp huyện", "uy-ban-nhan-dan", ("district",), "a plural level"),
    ("Ủy ban nhân dân các cấp", "Ủy ban nhân dân các cấp", "uy-ban-nhan-dan", ("province", "district", "commune"),
     "every level"),
    ("Sở Y tế các tỉnh, thành phố trực thuộc Trung ương", "Sở Y tế cấp tỉnh", "so-y-te", ("province",),
     "every province's department"),
    ("Các Bộ, ngành", "Các bộ, ngành", None, ("national",), "a known group of national bodies"),
    ("cơ sở khám bệnh, chữa bệnh", "Cơ sở khám bệnh, chữa bệnh", None, (), "a known group of actors"),
    ("Các doanh nghiệp viễn thông", "Các doanh nghiệp viễn thông", None, (), "any plural 'Các …' is a group"),
]


@pytest.mark.parametrize(("name", "canonical", "kind", "levels", "why"), GROUPS, ids=[slugify(g[0]) for g in GROUPS])
def test_agencies_named_collectively_are_groups(name: str, canonical: str, kind: str | None,
                                                levels: tuple[str, ...], why: str) -> None:
    agency = normalize_agency(name)
    assert (agency.group, agency.canonical, agency.kind, agency.levels) == (True, canonical, kind, levels), why


def test_one_agency_is_not_a_group() -> None:
    assert not normalize_agency("Ủy ban nhân dân tỉnh Sơn La").group
    assert not normalize_agency("Sở Y tế").group


def test_split_then_normalise_the_seed_cell() -> None:
    cell = "Liên hiệp các Hội KH&KT, Liên đoàn Lao động thành phố, Hội Nông dân, Thành đoàn Hải Phòng"
    keys = [normalize_agency(p).key for p in split_agencies(cell)]
    assert keys == ["lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat", "lien-doan-lao-dong", "hoi-nong-dan", "thanh-doan"]


# --- properties -------------------------------------------------------------------------------------

PREF_LABELS = sorted((c.label_vi, c.key) for c in scheme("agency-kind").values())
_HEAD = re.compile("(?:" + "|".join(re.escape(h) for h in sorted(lexicon.AGENCY_HEADS, key=len, reverse=True))
                   + r")\b")
# Names that a splitter can recognise as a new agency: they start with an agency head noun.
HEADED = [label for label, _ in PREF_LABELS if _HEAD.match(label)]
OTHER_NAMES = ["Thành đoàn", "Trường Đại học Hải Phòng", "Đài Phát thanh và Truyền hình", "Các doanh nghiệp"]
PLACES = ["", " thành phố", " tỉnh Sơn La", " Hải Phòng", " tỉnh Đồng Tháp", " TP. Hồ Chí Minh"]


def test_most_kind_names_start_with_a_head_noun() -> None:
    assert len(HEADED) >= len(PREF_LABELS) - 2


def _strip_marks(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")


@given(st.sampled_from(PREF_LABELS), st.randoms(use_true_random=False), st.sampled_from(PLACES))
def test_kind_names_survive_case_and_diacritic_noise(label_key: tuple[str, str], rnd: random.Random,
                                                      place: str) -> None:
    label, key = label_key
    noisy = "".join(
        (ch.upper() if rnd.random() < 0.3 else ch.lower() if rnd.random() < 0.3 else ch)
        if rnd.random() < 0.5 else _strip_marks(ch)
        for ch in label
    )
    assert normalize_agency(noisy + place).key == key


_NAME_TEXT = st.one_of(
    st.text(max_size=80),
    st.tuples(st.sampled_from([lab for lab, _ in PREF_LABELS] + OTHER_NAMES), st.sampled_from(PLACES),
              st.sampled_from(["", " (chủ trì)", ".", ";", " (a) (b)"])).map("".join),
    st.lists(st.sampled_from(["Sở", "tỉnh", "Hà Nội", "KH&CN", "TTTT", "(", ")", "**", "<b>", " ", ":", "các",
                              "đơn vị", "thành phố", "Công an", "x", "TP."]), max_size=12).map("".join),
)


@settings(max_examples=300)
@given(_NAME_TEXT)
def test_normalize_is_idempotent_on_its_canonical_output(surface: str) -> None:
    first = normalize_agency(surface)
    again = normalize_agency(first.canonical)
    assert again.key == first.key
    assert again.kind == first.kind


_SEPARATORS = st.sampled_from([", ", "; ", " và ", "\n", "<br>", " với ", ",\n", " ; "])


@given(st.lists(st.sampled_from(HEADED), min_size=1, max_size=5), st.lists(_SEPARATORS, min_size=4, max_size=4))
def test_split_recovers_every_agency_name(names: list[str], separators: list[str]) -> None:
    cell = names[0] + "".join(sep + name for sep, name in zip(separators, names[1:], strict=False))
    assert split_agencies(cell) == names


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=120),
                 st.lists(st.one_of(st.sampled_from(HEADED + OTHER_NAMES), _SEPARATORS,
                                    st.sampled_from(["**", "<i>", "</i>", "các", "\n\n", "  "])),
                          max_size=10).map("".join)))
def test_split_never_loses_characters_of_agency_names(cell: str) -> None:
    cleaned = clean_agency_text(cell).replace("\n", " ")
    read = read_agency_cell(cell)
    for part in (*read.names, *read.remarks):
        assert part and part in cleaned
    # Nothing but separators is lost: the names, remarks and separators rebuild the cleaned cell.
    leftover = cleaned
    for part in sorted((*read.names, *read.remarks), key=len, reverse=True):
        leftover = leftover.replace(part, " ", 1)
    assert re.fullmatch(r"(?:[\s.;,]|\bvà\b|\bvới\b)*", leftover), leftover
