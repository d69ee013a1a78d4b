"""Malformed CoNLL-U: a ``ConlluError`` (a ``ValueError``) that says what and where.

No error may leak from deep inside as a raw IndexError, KeyError, UnicodeDecodeError
or a bare ValueError without a line number.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Optional

import pytest

import quoteattr
from quoteattr.errors import ConlluError

ROOT = Path(__file__).resolve().parent.parent


def row(i, form, head, rel, upos="NOUN", lemma=None, xpos="NN", misc="_", cols=None) -> str:
    fields = [str(i), form, lemma or form.lower(), upos, xpos, "_", str(head), rel, "_", misc]
    return "\t".join(fields[:cols] if cols else fields)


def off(start: int, end: int, extra: str = "") -> str:
    return f"start_char={start}|end_char={end}" + (f"|{extra}" if extra else "")


# "Cho said no." with offsets, 3 lines of comments first (so tokens are on lines 4-7)
GOOD = "\n".join([
    "# newdoc id = d",
    "# newpar",
    "# text = Cho said no.",
    row(1, "Cho", 2, "nsubj", "PROPN", xpos="NNP", misc=off(0, 3)),
    row(2, "said", 0, "root", "VERB", "say", "VBD", misc=off(4, 8)),
    row(3, "no", 2, "obj", "PRON", misc=off(9, 11, "SpaceAfter=No")),
    row(4, ".", 2, "punct", "PUNCT", xpos=".", misc=off(11, 12)),
]) + "\n"
GOOD_TEXT = "Cho said no."


def replace_line(source: str, number: int, new: str) -> str:
    lines = source.split("\n")
    lines[number - 1] = new
    return "\n".join(lines)


def expect_error(source, text: Optional[str] = None, *words: str) -> ConlluError:
    with pytest.raises(ConlluError) as info:
        quoteattr.from_conllu(source, text)
    message = str(info.value)
    for w in words:
        assert w in message, message
    assert isinstance(info.value, ValueError)
    return info.value


def test_the_good_input_reads() -> None:
    assert quoteattr.from_conllu(GOOD, GOOD_TEXT).text == GOOD_TEXT
    assert quoteattr.from_conllu(GOOD).text == GOOD_TEXT


def test_wrong_column_count() -> None:
    bad = replace_line(GOOD, 5, row(2, "said", 0, "root", "VERB", "say", "VBD", cols=9))
    expect_error(bad, GOOD_TEXT, "line 5", "10", "9")


def test_columns_separated_by_spaces() -> None:
    bad = replace_line(GOOD, 6, row(3, "no", 2, "obj").replace("\t", " "))
    expect_error(bad, None, "line 6", "column")


@pytest.mark.parametrize("wid", ["x", "1-b", "one", "2a"])
def test_non_integer_id(wid: str) -> None:
    bad = replace_line(GOOD, 5, "\t".join([wid] + row(2, "said", 0, "root", misc=off(4, 8)).split("\t")[1:]))
    expect_error(bad, GOOD_TEXT, "line 5")


def test_id_out_of_sequence() -> None:
    bad = replace_line(GOOD, 6, row(5, "no", 2, "obj", misc=off(9, 11, "SpaceAfter=No")))
    expect_error(bad, GOOD_TEXT, "line 6", "5")


@pytest.mark.parametrize("head", ["root", "2.0", "_"])
def test_non_integer_head(head: str) -> None:
    bad = replace_line(GOOD, 6, row(3, "no", head, "obj", misc=off(9, 11, "SpaceAfter=No")))
    expect_error(bad, GOOD_TEXT, "line 6", "HEAD")


@pytest.mark.parametrize("head", [5, 99, -1])
def test_head_out_of_range(head: int) -> None:
    bad = replace_line(GOOD, 6, row(3, "no", head, "obj", misc=off(9, 11, "SpaceAfter=No")))
    expect_error(bad, GOOD_TEXT, "line 6", f"HEAD {head}")


def test_non_integer_offset() -> None:
    bad = replace_line(GOOD, 5, row(2, "said", 0, "root", misc="start_char=four|end_char=8"))
    expect_error(bad, GOOD_TEXT, "line 5", "start_char")


# More digits than int() converts (sys.get_int_max_str_digits(), 4300 by default): int()
# raises a ValueError of its own, which must still come out as a ConlluError with the line.
MANY_DIGITS = "7" * 5000


@pytest.mark.parametrize("field", ["ID", "HEAD", "start_char", "end_char"])
def test_a_number_too_long_for_int(field: str) -> None:
    cells = {"ID": (MANY_DIGITS, "2", off(9, 11)), "HEAD": ("3", MANY_DIGITS, off(9, 11)),
             "start_char": ("3", "2", f"start_char={MANY_DIGITS}|end_char=11"),
             "end_char": ("3", "2", f"start_char=9|end_char={MANY_DIGITS}")}[field]
    wid, head, misc = cells
    bad = replace_line(GOOD, 6, "\t".join([wid, "no", "no", "PRON", "NN", "_", head, "obj", "_", misc]))
    expect_error(bad, GOOD_TEXT, "line 6", field)
    expect_error(bad, None, "line 6", field)


def test_missing_offsets_when_text_is_given() -> None:
    plain = "\n".join([row(1, "Cho", 2, "nsubj"), row(2, "said", 0, "root"), ""])
    expect_error(plain, "Cho said", "line 1", "start_char")


def test_offsets_outside_the_text() -> None:
    expect_error(GOOD, "Cho said", "line 6", "outside")


def test_reversed_offsets() -> None:
    bad = replace_line(GOOD, 5, row(2, "said", 0, "root", misc=off(8, 4)))
    expect_error(bad, GOOD_TEXT, "line 5")


def test_offsets_that_do_not_match_the_text() -> None:
    err = expect_error(GOOD, "Kim sent it.", "line 4", "'Cho'", "does not match")
    assert "'Kim'" in str(err)


def test_offsets_shifted_by_one() -> None:
    expect_error(GOOD, " Cho said no.", "line 4", "does not match")


def test_some_tokens_with_offsets_some_without() -> None:
    bad = replace_line(GOOD, 6, row(3, "no", 2, "obj", misc="SpaceAfter=No"))
    expect_error(bad, None, "line 6", "'no'", "start_char")


def test_empty_conllu_text_gives_no_quotes() -> None:
    assert quoteattr.from_conllu("\n", "") == []
    assert quoteattr.from_conllu("# newdoc id = empty\n\n", None) == []


def test_empty_string_gives_no_quotes() -> None:
    assert quoteattr.from_conllu("", "") == []
    assert quoteattr.from_conllu("") == []


def test_empty_conllu_with_a_nonempty_text() -> None:
    expect_error("\n", "Cho said no.", "no sentences")


def test_empty_file_gives_no_quotes(tmp_path: Path) -> None:
    path = tmp_path / "empty.conllu"
    path.write_text("", encoding="utf-8")
    assert quoteattr.from_conllu(path) == []


def test_directory_path(tmp_path: Path) -> None:
    expect_error(tmp_path, None, "directory")


def test_missing_file(tmp_path: Path) -> None:
    expect_error(tmp_path / "nope.conllu", None, "nope.conllu")


def test_open_text_file(tmp_path: Path) -> None:
    path = tmp_path / "good.conllu"
    path.write_text(GOOD, encoding="utf-8")
    with open(path, encoding="utf-8") as handle:
        assert quoteattr.from_conllu(handle).text == GOOD_TEXT
    with open(path, "rb") as handle, pytest.raises(TypeError, match="text mode"):
        quoteattr.from_conllu(handle)


@pytest.mark.parametrize("name", ["good.conllu", "sub/dir/good.conllu", "good.txt"])
def test_a_str_is_never_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A str is CoNLL-U text, even when a file of that name exists: the error suggests
    pathlib.Path and nothing is opened."""
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    opened = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a) or pytest.fail("opened"))
    err = expect_error(name, None, "not CoNLL-U text", f"pathlib.Path({name!r})")
    assert opened == [] and "Cho" not in str(err)


@pytest.mark.parametrize("source", ["x" * 100_000, "a\x00b.conllu", "/etc/passwd", "C:\\data\\a.conllu",
                                    "just some words", "\x1b[31mred"])
def test_a_str_that_is_not_conllu(source: str) -> None:
    """Long strings, NUL bytes and path-like strings are all CoNLL-U text that fails to
    parse: a ConlluError, never "File name too long" or "embedded null byte"."""
    err = expect_error(source, None, "not CoNLL-U text")
    assert len(str(err)) < 500
    assert ("pathlib.Path" in str(err)) == (source in ("/etc/passwd", "C:\\data\\a.conllu"))


def test_paths_that_cannot_be_opened(tmp_path: Path) -> None:
    expect_error(Path("x" * 5000), None, "cannot read")
    expect_error(Path("a\x00b.conllu"), None, "cannot read")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.conllu"
    path.write_bytes(row(1, "Caf\xe9", 0, "root").encode("latin-1") + b"\n")
    expect_error(path, None, "UTF-8", "latin1.conllu")


def test_binary_junk_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.conllu"
    path.write_bytes(bytes(range(256)) * 8)
    expect_error(path, None)


@pytest.mark.parametrize("junk", ["\x00\x01\x02\n\x03", "1\t2\t3\n", "\t\t\tx\t\t\t\n", "%PDF-1.4\n\x00\x00"])
def test_junk_text(junk: str) -> None:
    expect_error(junk, None, "line")


def test_bytes_source_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        quoteattr.from_conllu(GOOD.encode("utf-8"))


def test_text_of_wrong_type() -> None:
    with pytest.raises(TypeError):
        quoteattr.from_conllu(GOOD, text=b"Cho said no.")


@pytest.mark.parametrize("source", [
    "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n",
    "1.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n",
])
def test_sentence_without_words(source: str) -> None:
    expect_error(source, None, "line 1")


def test_head_pointing_to_itself() -> None:
    bad = "\n".join([row(1, "He", 1, "nsubj", "PRON"), row(2, "said", 0, "root", "VERB", "say", "VBD"), ""])
    expect_error(bad, None, "line 1", "HEAD")


_CYCLE_SCRIPT = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    import quoteattr
    from quoteattr.errors import ConlluError
    src = ("1\\tHe\\the\\tPRON\\tPRP\\t_\\t2\\tnsubj\\t_\\t_\\n"
           "2\\tsaid\\tsay\\tVERB\\tVBD\\t_\\t3\\tccomp\\t_\\t_\\n"
           "3\\tleft\\tleave\\tVERB\\tVBD\\t_\\t2\\tccomp\\t_\\t_\\n")
    try:
        quoteattr.from_conllu(src)
    except ConlluError as exc:
        print("ConlluError:", exc)
        sys.exit(0)
    sys.exit(3)
""")


def test_head_cycle_is_an_error() -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    try:
        done = subprocess.run([sys.executable, "-c", _CYCLE_SCRIPT], capture_output=True, text=True,
                              timeout=4, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("from_conllu did not return within 4 s on a HEAD cycle")
    assert done.returncode == 0 and "line" in done.stdout, done.stdout + done.stderr


def test_huge_document_runs() -> None:
    """20,000 sentences, every tenth a quote, one CoNLL-U string: it finishes (no timing assert).

    Kept to 2,000 quotes: attribution time grows with the square of the number of
    quotes today (20,000 quoted sentences take minutes).
    """
    sentence = "\n".join([
        row(1, "“", 3, "punct", "PUNCT", xpos="``", misc="SpaceAfter=No"),
        row(2, "Rates", 3, "nsubj", lemma="rate", xpos="NNS"),
        row(3, "rose", 6, "ccomp", "VERB", "rise", "VBD", misc="SpaceAfter=No"),
        row(4, ",", 3, "punct", "PUNCT", xpos=",", misc="SpaceAfter=No"),
        row(5, "”", 3, "punct", "PUNCT", xpos="''"),
        row(6, "said", 0, "root", "VERB", "say", "VBD"),
        row(7, "Kim", 6, "nsubj", "PROPN", xpos="NNP", misc="SpaceAfter=No"),
        row(8, ".", 6, "punct", "PUNCT", xpos="."),
    ])
    plain = "\n".join([
        row(1, "Rates", 2, "nsubj", lemma="rate", xpos="NNS"),
        row(2, "rose", 0, "root", "VERB", "rise", "VBD", misc="SpaceAfter=No"),
        row(3, ".", 2, "punct", "PUNCT", xpos="."),
    ])
    n = 20_000
    paragraphs = 200
    blocks = []
    for k in range(n):
        body = sentence if k % 10 == 0 else plain
        blocks.append(("# newpar\n" if k % (n // paragraphs) == 0 else "") + body + "\n")
    quotes = quoteattr.from_conllu("\n".join(blocks))
    assert len(quotes) == n // 10
    assert all(q.speaker is not None and q.speaker.text == "Kim" for q in quotes if q.kind.value == "direct")


def test_multiword_token_without_offsets_rebuilds_its_text() -> None:
    """A multiword token ("cannot" = can + not) with no offsets anywhere is no error: the
    text is rebuilt from the token's surface and both words share its span."""
    src = "\n".join([
        "1\t“\t“\tPUNCT\t``\t_\t5\tpunct\t_\tSpaceAfter=No",
        "2\tWe\twe\tPRON\tPRP\t_\t5\tnsubj\t_\t_",
        "3-4\tcannot\t_\t_\t_\t_\t_\t_\t_\t_",
        "3\tcan\tcan\tAUX\tMD\t_\t5\taux\t_\t_",
        "4\tnot\tnot\tPART\tRB\t_\t5\tadvmod\t_\t_",
        "5\twait\twait\tVERB\tVB\t_\t9\tccomp\t_\tSpaceAfter=No",
        "6\t,\t,\tPUNCT\t,\t_\t5\tpunct\t_\tSpaceAfter=No",
        "7\t”\t”\tPUNCT\t''\t_\t5\tpunct\t_\t_",
        "8\tMarsh\tMarsh\tPROPN\tNNP\t_\t9\tnsubj\t_\t_",
        "9\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No",
        "10\t.\t.\tPUNCT\t.\t_\t9\tpunct\t_\t_",
        "",
    ])
    [quote] = quoteattr.from_conllu(src)
    assert quote.text == "“We cannot wait,”"
    assert quote.speaker is not None and quote.speaker.text == "Marsh"


# --------------------------------------------------------------------------- offsets out of order

def swapped_offsets() -> str:
    """"Cho said no." with 'said' listed first: every offset still matches the text, but
    'Cho' (0..3) comes after 'said' (4..8)."""
    return "\n".join([
        "# text = Cho said no.",
        row(1, "said", 0, "root", "VERB", "say", "VBD", misc=off(4, 8)),
        row(2, "Cho", 1, "nsubj", "PROPN", xpos="NNP", misc=off(0, 3)),
        row(3, "no", 1, "obj", "PRON", misc=off(9, 11, "SpaceAfter=No")),
        row(4, ".", 1, "punct", "PUNCT", xpos=".", misc=off(11, 12)),
    ]) + "\n"


@pytest.mark.parametrize("text", [GOOD_TEXT, None])
def test_offsets_out_of_order(text: Optional[str]) -> None:
    """Every offset matches the text, but the tokens run backwards: the reader says so
    (before, attribution built a speaker that ended before it started)."""
    expect_error(swapped_offsets(), text, "line 3", "'Cho'", "comes before", "'said'", "in order")


@pytest.mark.parametrize("text", ["Cho said no.", None])
def test_overlapping_tokens(text: Optional[str]) -> None:
    bad = replace_line(GOOD, 5, row(2, "o sai", 0, "root", "VERB", "say", "VBD", misc=off(2, 7)))
    expect_error(bad, text, "line 5", "overlaps", "'Cho'")


def test_a_multiword_token_may_share_its_span() -> None:
    """The words of one multiword token share its offsets when their forms do not spell it."""
    src = "\n".join([
        row(1, "Kim", 4, "nsubj", "PROPN", misc=off(0, 3)),
        "2-3\twon't\t_\t_\t_\t_\t_\t_\t_\t" + off(4, 9),
        row(2, "will", 4, "aux", "AUX"),
        row(3, "not", 4, "advmod", "PART"),
        row(4, "go", 0, "root", "VERB", misc=off(10, 12)),
    ]) + "\n"
    assert quoteattr.from_conllu(src, "Kim won't go") == []


@pytest.mark.parametrize("end", [10 ** 6, 10 ** 8, 10 ** 9, 10 ** 20])
def test_huge_offsets_fail_fast_without_the_text(end: int) -> None:
    """With text=None the text is rebuilt from the offsets; an end_char far beyond what the
    tokens could cover is an error before anything is allocated (it was a MemoryError,
    an OverflowError, or a gigabyte of spaces)."""
    bad = replace_line(GOOD, 7, row(4, ".", 2, "punct", "PUNCT", xpos=".", misc=off(end - 1, end)))
    expect_error(bad, None, "line 7", "text=", f"{end:,}")


def test_huge_offsets_with_the_text() -> None:
    bad = replace_line(GOOD, 7, row(4, ".", 2, "punct", "PUNCT", xpos=".", misc=off(10 ** 20, 10 ** 20 + 1)))
    expect_error(bad, GOOD_TEXT, "line 7", "outside the text")


@pytest.mark.parametrize("misc", [off(5, 3), off(-4, 3), "start_char=-1|end_char=-1"])
def test_offsets_that_are_no_stretch(misc: str) -> None:
    bad = replace_line(GOOD, 4, row(1, "Cho", 2, "nsubj", "PROPN", xpos="NNP", misc=misc))
    expect_error(bad, None, "line 4", "start_char")


def test_a_modest_gap_still_rebuilds() -> None:
    """Offsets with gaps (text between tokens that the parse does not cover) rebuild the
    text with spaces, as long as the gaps stay within reason."""
    src = replace_line(GOOD, 7, row(4, ".", 2, "punct", "PUNCT", xpos=".", misc=off(5000, 5001)))
    doc_text = read_conllu_text(src)
    assert len(doc_text) == 5001 and doc_text.endswith(" .")


def read_conllu_text(src: str) -> str:
    from quoteattr.parsed import read_conllu

    return read_conllu(src).text
