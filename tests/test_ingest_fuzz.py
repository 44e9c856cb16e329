"""Whatever a file holds, ingest answers with facts or with an error naming file, line and reason — never a
traceback: a real document cut, shuffled, doubled, re-marked up or sprinkled with stray characters is read as
far as it goes, and what is not a document is refused."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SEED, run_cli, tree_digest

from plangraph.ingest.errors import IngestError
from plangraph.ingest.pipeline import prepare
from plangraph.ontology.iris import Minter

LINES = SEED.read_text(encoding="utf-8").split("\n")[:110]  # the decision and its first plan with a task table
NOISE = st.text(alphabet=st.sampled_from(list("|\t*#-_:;.,()/ \u00a0\u200b\ufeffSốĐiềuQĐ-UBND1234567890aăâđêôơư")),
                max_size=40)


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["drop", "double", "noise", "swap", "cut", "pipe", "tabs", "wrap"]))
        if edit == "drop":
            del lines[at]
        elif edit == "double":
            lines.insert(at, lines[at])
        elif edit == "noise":
            lines.insert(at, draw(NOISE))
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif edit == "cut":
            lines = lines[:at]
        elif edit == "pipe":
            lines[at] = "|\n" + lines[at].replace("\t", "\n|\n") + "\n|"
        elif edit == "tabs":
            lines[at] = lines[at].replace(" ", "\t", draw(st.integers(1, 3)))
        else:
            width = draw(st.integers(5, 60))
            line = lines[at]
            lines[at] = "\n".join(line[i:i + width] for i in range(0, max(len(line), 1), width))
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = "\r\n".join(text.split("\n"))
    return text.encode("utf-8")


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=mangled())
def test_any_mangled_document_gives_facts_or_a_clear_error(tmp_path_factory, content: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "mangled.txt"
    path.write_bytes(content)
    try:
        prepared = prepare(path, Minter(), validate=False)
    except IngestError as error:
        assert str(error).startswith(f"mangled.txt:{error.lineno}: ") and error.reason
        assert 1 <= error.lineno <= max(1, content.count(b"\n") + 1)
    else:
        assert prepared.quads


@settings(max_examples=100, deadline=None)
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_are_refused_with_a_reason(tmp_path_factory, content: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "bytes.txt"
    path.write_bytes(content)
    try:
        prepare(path, Minter(), validate=False)
    except IngestError as error:
        assert str(error).startswith("bytes.txt:") and error.reason


def test_refused_mangled_files_leave_the_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("ingest", "--store", str(store), str(SEED))[0] == 0
    before = tree_digest(store)
    bad = tmp_path / "bad.txt"
    for content in (b"\xff\xfe" + "Số: 1".encode("utf-16-le"), "\n".join(LINES[:4]).encode(), b"|\n|\n|\n"):
        bad.write_bytes(content)
        code, out, err = run_cli("ingest", "--store", str(store), str(bad))
        assert code == 2 and "bad.txt:" in err and "Traceback" not in out + err
        assert tree_digest(store) == before
