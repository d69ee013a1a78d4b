"""Corpus input and output for the command line, without a parser: readers, writers, resuming,
the runner's order and failure handling, the progress line."""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import List

import pytest

from quoteattr import corpus, outputs
from quoteattr.corpus import Item, Source
from quoteattr.model import Quote
from quoteattr.quotes import Quotes
from quoteattr.records import DOCUMENT_FIELDS
from quoteattr.runner import Extractor, Progress, _Pending

TEXT = 'Nell Ward said, "The mill reopens."\n'


def quotes(text: str = TEXT) -> Quotes:
    start = text.index('"')
    end = text.rindex('"') + 1
    return Quotes([Quote(start, end, text[start:end], "direct")], text)


def items(source: Source, **kw) -> List[Item]:
    return list(corpus.read_items(source, **kw))


# --------------------------------------------------------------------------- reading


def test_folders_are_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.txt", "a/skip.md", "c.jsonl"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    root = str(tmp_path)
    found = corpus.sources([root])
    assert found == [Source(f"{root}/a/z.txt", "text"), Source(f"{root}/b.txt", "text")]
    assert [s.name for s in corpus.sources([root], glob="*.md")] == [f"{root}/a/skip.md"]
    assert corpus.sources([root], glob="*.jsonl") == [Source(f"{root}/c.jsonl", "jsonl")]
    errors: List[Item] = []
    assert corpus.sources([root], glob="*.xml", errors=errors) == []
    assert errors[0].id == root and "--glob" in errors[0].error
    assert corpus.sources(["x.CSV", "y.ndjson", "-"]) == [
        Source("x.CSV", "csv"), Source("y.ndjson", "jsonl"), Source("-", "text")]
    assert corpus.sources(["x.csv"], input_format="text") == [Source("x.csv", "text")]


@pytest.mark.parametrize("raw", [
    b"\xef\xbb\xbfA byte-order mark opens this line.\nSecond line.\n",
    b"Windows line ends.\r\n\r\nA second paragraph.\r\nOld Mac\rend.",
])
def test_text_files_read_as_python_open_reads_them(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(raw)
    [item] = items(Source(str(path), "text"))
    assert item == Item(str(path), open(path, encoding="utf-8").read())


def test_unreadable_text_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes(b"Caf\xe9.\n")
    [latin] = items(Source(str(tmp_path / "latin.txt"), "text"))
    assert "not UTF-8 text" in latin.error and "iconv" in latin.error
    [missing] = items(Source(str(tmp_path / "gone.txt"), "text"))
    assert missing == Item(str(tmp_path / "gone.txt"), error="no such file")


def test_jsonl_records(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [{"url": "u1", "body": TEXT}, {"url": "u2"}, "not json", {"url": 7, "body": "Short."},
             ["a list"], {"body": "no id"}]
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n",
                    encoding="utf-8")
    got = items(Source(str(path), "jsonl"), text_field="body", id_field="url")
    assert [(i.id, i.text) for i in got] == [("u1", TEXT), ("u2", None), (f"{path}:3", None),
                                             ("7", "Short."), (f"{path}:5", None), (f"{path}:6", None)]
    assert "'body' (the --text-field): no such field" in got[1].error
    assert "not a JSON line" in got[2].error
    assert "expected an object" in got[4].error
    assert "no 'url' field" in got[5].error
    plain = items(Source(str(path), "jsonl"), text_field="body")
    assert [i.id for i in plain if i.error is None] == [f"{path}:1", f"{path}:4", f"{path}:6"]


def test_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    long_text = "word " * 40_000  # beyond csv's default field size limit
    with open(path, "w", encoding="utf-8", newline="") as handle:
        rows = csv.writer(handle)
        rows.writerows([["id", "text"], ["n1", TEXT], ["n2", long_text]])
    got = items(Source(str(path), "csv"), id_field="id")
    assert [(i.id, i.text) for i in got] == [("n1", TEXT), ("n2", long_text)]
    assert [i.id for i in items(Source(str(path), "csv"))] == [f"{path}:1", f"{path}:2"]
    [bad] = items(Source(str(path), "csv"), text_field="body")
    assert bad.id == str(path) and "no column 'body' (columns: id, text)" in bad.error


# --------------------------------------------------------------------------- writing and resuming


def write_run(path: Path, fmt: str, docs: List[str], resume: bool = False) -> set:
    writer, done = outputs.open_writer(fmt, str(path), resume=resume)
    for doc in docs:
        if doc not in done:
            writer.write(doc, TEXT, quotes())
    writer.close()
    return done


def read_rows(path: Path, fmt: str) -> List[dict]:
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_resume_skips_finished_documents_and_redoes_the_last(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    write_run(path, fmt, ["d1", "d2"])
    with open(path, "a", encoding="utf-8") as handle:  # a run cut off inside d3's rows
        handle.write('{"document": "d3", "sta' if fmt == "jsonl" else 'd3,5,"unfinished')
    done = write_run(path, fmt, ["d1", "d2", "d3", "d4"], resume=True)
    assert done == {"d1"}  # d2 was last: perhaps unfinished, so done again
    rows = read_rows(path, fmt)
    assert [r["document"] for r in rows] == ["d1", "d2", "d3", "d4"]
    assert list(rows[0]) == list(DOCUMENT_FIELDS)


def test_resume_refuses_a_file_it_did_not_write(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text("shopping list\n", encoding="utf-8")
    with pytest.raises(outputs.OutputError, match="not a quoteattr JSONL record"):
        outputs.open_writer("jsonl", str(path), resume=True)
    with pytest.raises(outputs.OutputError, match="needs an output file"):
        outputs.open_writer("jsonl", None, resume=True)


def test_parquet_output_and_resume(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "out.parquet"
    write_run(path, "parquet", ["d1", "d2"])
    assert write_run(path, "parquet", ["d1", "d2", "d3"], resume=True) == {"d1", "d2"}
    table = pq.read_table(path)
    assert table.column_names == list(DOCUMENT_FIELDS)
    assert table.column("document").to_pylist() == ["d1", "d2", "d3"]
    assert table.to_pylist()[0]["text"] == '"The mill reopens."'


def test_parquet_without_pyarrow_says_what_to_install(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(outputs.OutputError, match="pip install pyarrow"):
        outputs.open_writer("parquet", str(tmp_path / "out.parquet"))
    with pytest.raises(outputs.OutputError, match="--output"):
        outputs.open_writer("parquet", None)


def test_output_format_from_the_file_name() -> None:
    assert outputs.format_for("q.parquet", None) == "parquet"
    assert outputs.format_for("q.CSV", None) == "csv"
    assert outputs.format_for("q.csv", "jsonl") == "jsonl"
    assert outputs.format_for(None, None) == "jsonl"


# --------------------------------------------------------------------------- the runner


def test_one_process_keeps_order_and_reports_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    from quoteattr import pipeline

    def fake_parse(self, texts):
        if any("BOOM" in t for t in texts):
            raise RuntimeError("the parser broke")
        return texts

    monkeypatch.setattr(pipeline.Attributor, "_parse", fake_parse)
    monkeypatch.setattr(pipeline.Attributor, "load", lambda self: self)
    monkeypatch.setattr(pipeline.Attributor, "_attribute", lambda self, doc, text: quotes(text))
    docs = [Item("a", TEXT), Item("bad", error="no such file"), Item("b", "It went BOOM."),
            Item("c", TEXT)]
    got = list(Extractor({}, batch_size=2).run(docs))
    assert [item.id for item, _ in got] == ["a", "bad", "b", "c"]
    assert got[1][1] == "no such file" and "RuntimeError: the parser broke" in got[2][1]
    assert got[0][1] == quotes() and got[3][1] == quotes()


def test_a_dead_worker_pool_is_replaced_and_a_twice_lost_batch_fails() -> None:
    extractor = Extractor({}, jobs=2)
    submitted = []

    def broken() -> Future:
        future: Future = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future

    class DeadPool:
        def shutdown(self, **kw) -> None:
            pass

    def resubmit(batch):
        submitted.append([i.id for i in batch])
        return broken() if batch[0].id == "x" else _done([list(quotes())] * len(batch))

    extractor._submit = resubmit  # type: ignore[assignment]
    extractor._new_pool = DeadPool  # type: ignore[assignment]
    extractor._pool = DeadPool()  # type: ignore[assignment]
    import collections

    pending = collections.deque([_Pending([Item("x", TEXT)], broken()),
                                 _Pending([Item("y", TEXT)], broken())])
    first = list(extractor._finish(pending))
    assert first[0][0].id == "x" and "worker process died" in first[0][1]
    assert [i.id for i, _ in extractor._finish(pending)] == ["y"]
    assert submitted == [["x"], ["y"]]


def _done(value) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def test_progress_line() -> None:
    stream = io.StringIO()
    bar = Progress(total=3, stream=stream, interval=0)
    bar.update(quotes=2, words=100)
    bar.write("quoteattr: error: x: broken")
    bar.update(quotes=1, words=50)
    bar.close()
    shown = stream.getvalue()
    assert "quoteattr: 1/3 documents, 2 quotes," in shown and "words/s" in shown
    assert "quoteattr: error: x: broken\n" in shown and "2/3 documents, 3 quotes" in shown
    assert "documents, 0 quotes" in Progress(stream=io.StringIO()).line()
