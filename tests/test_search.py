"""The search index: Vietnamese folding, abbreviations, document numbers, ranking, safety, snapshots."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import BASE, SEED, run_cli

from plangraph.server.search import (
    KINDS,
    MAX_QUERY_CHARS,
    SearchIndex,
    SearchIndexError,
    analyse,
    build_index,
    ensure_index,
    index_path,
    open_index,
)
from plangraph.store import SnapshotStore, open_store

ELI = BASE + "eli/vn/"
ND_40 = ELI + "cp/nd/2014/40"
QD_317 = ELI + "ttg/qd/2012/317"
QD_281 = ELI + "ubnd-31/qd/2016/281"
SO_KHCN = BASE + "id/org/31/so-khoa-hoc-va-cong-nghe"
TT_THONG_TIN = BASE + "id/org/31/trung-tam-thong-tin-khoa-hoc-va-cong-nghe"
SO_NN_PTNT = BASE + "id/org/31/so-nong-nghiep-va-phat-trien-nong-thon"
TASK_KHU_NN = QD_281 + "/kh-1/nhiem-vu-2.3"
LE_KHAC_NAM = BASE + "id/person/31/le-khac-nam"
HAI_PHONG = BASE + "id/place/31"


@pytest.fixture(scope="module")
def index(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    path = tmp_path_factory.mktemp("search") / "seed.search.sqlite"
    with open_store(seed_store_path, read_only=True) as store:
        stats = build_index(store, path)
    assert stats.entries == sum(stats.by_kind.values()) > 100
    assert set(stats.by_kind) == set(KINDS)  # the seed has something of every kind
    assert stats.seconds < 1.0
    return open_index(path)


# --- what users type --------------------------------------------------------------------------------------

# (query, kind, the IRI that must be the first hit of that kind)
CASES: list[tuple[str, str, str]] = [
    # document numbers in any spelling
    ("nghi dinh 40", "document", ND_40),
    ("Nghị định 40", "document", ND_40),
    ("40/2014", "document", ND_40),
    ("40/2014/ND-CP", "document", ND_40),
    ("40/2014/NĐ-CP", "document", ND_40),
    ("nđ-cp 40", "document", ND_40),
    ("NĐ 40/2014", "document", ND_40),
    ("ndcp 40", "document", ND_40),
    ("317/QĐ-TTg", "document", QD_317),
    ("qd 317", "document", QD_317),
    ("QĐ 317", "document", QD_317),
    ("281", "document", QD_281),
    ("281/QĐ-UBND", "document", QD_281),
    ("Quyết định số 281/QĐ-UBND ngày 25 tháng 02 năm 2016", "document", QD_281),
    ("08/2013/NQ-HĐND", "document", ELI + "hdnd-31/nq/2013/8"),
    ("8/2013", "document", ELI + "hdnd-31/nq/2013/8"),
    ("77/2015/QH13", "document", ELI + "qh/luat/2015/77"),
    ("12/TTr-SKHCN", "document", ELI + "skhcn-31/ttr/2016/12"),
    # agencies, diacritics and abbreviations
    ("so khoa hoc va cong nghe", "agency", SO_KHCN),
    ("Sở Khoa học và Công nghệ", "agency", SO_KHCN),
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "agency", SO_KHCN),
    ("Sở KH&CN", "agency", SO_KHCN),
    ("so kh&cn", "agency", SO_KHCN),
    ("KH&CN", "agency", SO_KHCN),
    ("KHCN", "agency", SO_KHCN),
    ("so khoa hoc & cong nghe", "agency", SO_KHCN),
    ("trung tam thong tin", "agency", TT_THONG_TIN),
    ("Trung tâm Thông tin KH&CN", "agency", TT_THONG_TIN),
    ("phat trien nong", "agency", SO_NN_PTNT),  # the last word is a prefix
    ("Sở NN&PTNT", "agency", SO_NN_PTNT),
    ("UBND", "agency", BASE + "id/org/31/uy-ban-nhan-dan"),
    ("lien hiep cac hoi kh&kt", "agency", BASE + "id/org/31/lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat"),
    # tasks, people, places, plans, objectives
    ("khu nong nghiep ung dung cong nghe cao", "task", TASK_KHU_NN),
    ("Khu nông nghiệp ứng dụng công nghệ cao", "task", TASK_KHU_NN),
    ("khu nong nghiep ung dung cong nghe caoo", "task", TASK_KHU_NN),  # a typo: most words still match
    ("le khac nam", "person", LE_KHAC_NAM),
    ("Đỗ Khắc Nam", "person", LE_KHAC_NAM),  # an OCR variant kept as an altLabel
    ("hai phong", "place", HAI_PHONG),
    ("Hải Phòng", "place", HAI_PHONG),
    ("tai san tri tue", "plan", QD_281 + "/kh-3"),
    ("doi moi cong nghe", "plan", QD_281 + "/kh-5"),
    ("nhan hieu ra nuoc ngoai", "objective", QD_281 + "/kh-3/muc-tieu-4"),
]


def test_cases_are_not_duplicated() -> None:
    repeated = [query for query, count in Counter(fold_key(q) for q, _, _ in CASES).items() if count > 1]
    assert not repeated, f"duplicate search cases: {repeated}"


def fold_key(query: str) -> str:
    return " ".join(query.split())


@pytest.mark.parametrize("query, kind, expected", CASES, ids=[c[0] for c in CASES])
def test_first_hit(index: SearchIndex, query: str, kind: str, expected: str) -> None:
    results = index.search(query)
    hits = results.groups.get(kind, [])
    assert hits, f"{query!r}: no {kind} hit (groups: {list(results.groups)})"
    assert hits[0].iri == expected, [(h.iri, h.score) for h in hits[:5]]


@pytest.mark.parametrize("query", ["40/2014", "nđ-cp 40", "qd 317", "281", "NĐ 40/2014"])
def test_a_number_puts_only_its_documents_on_top(index: SearchIndex, query: str) -> None:
    hits = index.search(query).groups["document"]
    assert hits[0].score > 2 * max((h.score for h in hits[1:]), default=0)


def test_other_years_and_words_are_not_number_matches(index: SearchIndex) -> None:
    assert ND_40 not in iris(index.search("40/2015"), "document")
    assert ND_40 not in iris(index.search("qd 40"), "document")


def test_number_match_survives_a_kind_filter(index: SearchIndex) -> None:
    results = index.search("40/2014", kinds={"document"})
    assert list(results.groups) == ["document"] and results.groups["document"][0].iri == ND_40


def iris(results: object, kind: str) -> list[str]:
    return [hit.iri for hit in results.groups.get(kind, [])]  # type: ignore[attr-defined]


@pytest.mark.parametrize("accented, plain", [
    ("đ", "d"), ("Đ", "D"), ("Đỗ", "do"), ("đổi mới", "doi moi"), ("ĐẦU TƯ", "dau tu"), ("Hội đồng", "hoi dong"),
])
def test_d_with_stroke_is_d(index: SearchIndex, accented: str, plain: str) -> None:
    a, b = index.search(accented), index.search(plain)
    assert a.total > 0
    assert {k: [h.iri for h in v] for k, v in a.groups.items()} == {k: [h.iri for h in v] for k, v in b.groups.items()}


def test_exact_phrase_outranks_loose_words(index: SearchIndex) -> None:
    # Both tasks hold every word; only one holds them in this order.
    hits = index.search("khu cong nghe thong tin tap trung").groups["task"]
    assert hits[0].iri == QD_281 + "/kh-1/nhiem-vu-2.5"
    assert all(hits[0].score > h.score for h in hits[1:])


def test_groups_come_in_kind_order_and_are_ranked(index: SearchIndex) -> None:
    results = index.search("khoa hoc va cong nghe")
    order = list(results.groups)
    assert order == [kind for kind in KINDS if kind in order] and len(order) >= 5
    for kind, hits in results.groups.items():
        assert hits and all(hit.kind == kind for hit in hits)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert results.total == sum(len(hits) for hits in results.groups.values())


def test_hits_carry_a_context_line(index: SearchIndex) -> None:
    document = index.search("40/2014").groups["document"][0]
    assert document.label == "Nghị định 40/2014/NĐ-CP"
    assert document.detail == "40/2014/NĐ-CP · 2014-05-12 · Chính phủ"
    task = index.search("khu nong nghiep ung dung cong nghe cao").groups["task"][0]
    assert "Sở Nông nghiệp và Phát triển nông thôn" in task.detail and "Kế hoạch" in task.detail
    assert index.search("so khoa hoc va cong nghe").groups["agency"][0].detail == "Thành phố Hải Phòng"
    assert "Phó Chủ tịch" in index.search("le khac nam").groups["person"][0].detail
    assert all(len(h.label) <= 241 for hits in index.search("cong nghe", limit=100).groups.values() for h in hits)


def test_kinds_and_limit(index: SearchIndex) -> None:
    assert list(index.search("hai phong", kinds={"place", "person"}).groups) == ["person", "place"]
    assert all(len(hits) <= 2 for hits in index.search("cong nghe", limit=2).groups.values())
    assert index.search("cong nghe", limit=0).total == 0
    assert index.search("cong nghe", kinds=set()).total == 0
    with pytest.raises(ValueError, match="unknown kind"):
        index.search("cong nghe", kinds={"documents"})


def test_abbreviations_are_indexed_both_ways() -> None:
    assert analyse("Trung tâm Thông tin KH&CN") == (
        ["trung", "tam", "thong", "tin", "khoa", "hoc", "va", "cong", "nghe"], ["khcn"])
    tokens, extra = analyse("281/QĐ-UBND")
    assert tokens == ["281", "qd", "ubnd"] and extra == ["uy", "ban", "nhan", "dan"]


# --- safety -----------------------------------------------------------------------------------------------

HOSTILE = [
    "", " ", '"', '""', "*", "**", ":", "^", "(", ")", "()", "NEAR(a b)", "NEAR(khoa cong, 2)", "a OR b", "a AND b",
    "NOT a", "AND", "OR", "NOT", "col:x", "names:khoa", "{names body}: khoa", "-khoa", "+khoa", "khoa*", '"khoa',
    "khoa\"", "^khoa", "khoa + hoc", "'; DROP TABLE entries; --", "\x00", "\x00khoa", "&", "&&", "/", "-", "%", "_",
    "🙂", "‮khoa", "k" * 5000, "khoa " * 3000, "đ" * 10_000,
]


@pytest.mark.parametrize("query", HOSTILE, ids=[repr(q[:20]) for q in HOSTILE])
def test_hostile_queries_never_raise(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert len(results.query) <= MAX_QUERY_CHARS
    assert set(results.groups) <= set(KINDS)


@pytest.mark.parametrize("query", ["", "   ", "*", '"', "()", "&", "/-/", "…", "\x00"])
def test_empty_or_punctuation_queries_find_nothing(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert results.total == 0 and results.groups == {}


def test_operators_are_plain_words(index: SearchIndex) -> None:
    # "OR" is a word to match, not an operator: no entry holds it, so nothing is found.
    assert index.search("hai OR phong").total == 0
    assert index.search("hai phong").total > 0


@given(st.text(max_size=300))
def test_search_never_raises(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert set(results.groups) <= set(KINDS)
    assert all(hit.kind == kind for kind, hits in results.groups.items() for hit in hits)


SOUP = st.lists(st.sampled_from([*'"*:^()&/-+{}[],.\'~ đĐdDaAnNoOrRkhcq0123456789', "NEAR", "AND", "OR", "NOT",
                                   "KH&CN", "UBND", "40", "2014", "nđ-cp", " "]), max_size=30).map("".join)


@given(SOUP)
def test_search_never_raises_on_syntax_soup(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert all(hit.kind in KINDS for hits in results.groups.values() for hit in hits)


def test_searches_from_many_threads(index: SearchIndex) -> None:
    expected = [h.iri for h in index.search("khoa hoc").groups["task"]]
    seen: list[list[str]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            for _ in range(20):
                seen.append([h.iri for h in index.search("khoa hoc").groups["task"]])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(seen) == 80 and all(s == expected for s in seen)


# --- files and snapshots ------------------------------------------------------------------------------------

def test_missing_or_foreign_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError):
        open_index(tmp_path / "absent.search.sqlite")
    junk = tmp_path / "junk.search.sqlite"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(SearchIndexError):
        open_index(junk)


def test_build_is_atomic_and_leaves_no_temporary_files(seed_store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.search.sqlite"
    errors: list[BaseException] = []

    def build() -> None:
        try:
            with open_store(seed_store_path, read_only=True) as store:
                build_index(store, path)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(3)]  # racing builders: the last rename wins
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert [p.name for p in tmp_path.iterdir()] == ["x.search.sqlite"]
    with open_index(path) as index:
        assert index.search("40/2014").groups["document"][0].iri == ND_40


def test_index_path_is_beside_the_snapshot(tmp_path: Path) -> None:
    assert index_path(tmp_path / "v000007") == tmp_path / "v000007.search.sqlite"


def test_one_index_per_snapshot_version(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    snapshots = SnapshotStore(store)
    first = snapshots.current()
    assert first is not None

    path = ensure_index(first)
    assert path == index_path(first.path) and path.is_file()
    before = path.stat()
    assert ensure_index(first) == path  # the second call does not rebuild
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)

    orphan = first.path.with_name("v999998.search.sqlite")  # the index of a snapshot collected long ago
    orphan.write_bytes(b"")

    edited = tmp_path / SEED.name
    edited.write_text(SEED.read_text(encoding="utf-8").replace("Sở Tài chính", "Sở Tư pháp"), encoding="utf-8")
    reader = snapshots.pin()  # a reader still on the first snapshot keeps it (and its index) on disk
    assert reader is not None and reader.snapshot == first
    assert run_cli("ingest", "--store", str(store), str(edited))[0] == 0
    second = snapshots.current()
    assert second is not None and second.version > first.version

    new_path = ensure_index(second)
    assert new_path != path and new_path == index_path(second.path)
    with open_index(new_path) as new, open_index(path) as old:
        assert iris(new.search("so tu phap"), "agency")[0] == BASE + "id/org/31/so-tu-phap"
        assert BASE + "id/org/31/so-tu-phap" not in iris(old.search("so tu phap"), "agency")
        assert BASE + "id/org/31/so-tai-chinh" in iris(old.search("so tai chinh"), "agency")
    assert path.stat().st_mtime_ns == before.st_mtime_ns  # the old snapshot's index is left alone
    assert not orphan.exists()

    reader.close()  # once nobody reads it, the next write collects the old snapshot and its index
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    assert not first.path.exists() and not path.exists()
    assert snapshots.snapshot_names() == [snapshots.current().name]  # type: ignore[union-attr]


def test_a_stale_or_broken_index_is_rebuilt(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    snapshot = SnapshotStore(store).current()
    assert snapshot is not None
    index_path(snapshot.path).write_bytes(b"half a file")
    with open_index(ensure_index(snapshot)) as index:
        assert index.search("281").groups["document"][0].iri == QD_281


def test_the_server_builds_a_new_snapshots_index_before_anyone_searches(tmp_path: Path) -> None:
    import time

    import requests
    from support import LiveServer

    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    snapshot = SnapshotStore(store).current()
    assert snapshot is not None and not index_path(snapshot.path).exists()
    server = LiveServer(store)
    try:
        requests.get(f"{server.url}/", timeout=60)  # any request: the index is built beside it, not in it
        for _ in range(120):
            if index_path(snapshot.path).exists():
                break
            time.sleep(0.25)
        assert index_path(snapshot.path).exists()
    finally:
        server.stop()


def test_a_build_in_progress_elsewhere_is_not_repeated(tmp_path: Path) -> None:
    from plangraph.server.search import _build_lock, build_elsewhere

    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    snapshot = SnapshotStore(store).current()
    assert snapshot is not None
    path = index_path(snapshot.path)
    with _build_lock(path, wait=False) as mine:  # as if another process were building it
        assert mine
        build_elsewhere(snapshot.path)
        assert not path.exists()
    build_elsewhere(snapshot.path)
    with open_index(path) as index:
        assert index.search("281").groups["document"][0].iri == QD_281


def test_search_answers_from_the_previous_index_while_the_new_one_is_built(tmp_path: Path) -> None:
    import time

    import requests
    from conftest import TOKEN
    from support import LiveServer

    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    server = LiveServer(store, "--workers", "1", token=TOKEN)
    label = "Ban chỉ đạo thử nghiệm chỉ mục tìm kiếm"
    try:
        first = requests.get(f"{server.url}/search.json", params={"q": "281"}, timeout=120).json()
        assert first["groups"][0]["hits"][0]["href"].endswith("/qd/2016/281")
        update = (f'INSERT DATA {{ GRAPH <http://example.org/g> {{ <http://example.org/agency> a '
                  f'<http://www.w3.org/ns/org#Organization> ; <http://www.w3.org/2004/02/skos/core#prefLabel> '
                  f'"{label}"@vi }} }}')
        response = requests.post(f"{server.url}/update", data={"update": update},
                                 headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
        assert response.status_code == 204, response.text
        found = False
        for _ in range(240):  # answered at once each time (the old index), the new agency once its index is built
            twin = requests.get(f"{server.url}/search.json", params={"q": label}, timeout=120).json()
            hits = [h["iri"] for group in twin["groups"] for h in group["hits"]]
            if "http://example.org/agency" in hits:
                found = True
                break
            time.sleep(0.25)
        assert found
    finally:
        server.stop()
