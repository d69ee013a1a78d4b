"""quoteattr.ray on a local two-CPU Ray instance: the same quotes as one process, one
row per quote, failures as error rows, and the readers and writers a corpus job uses.

The CoNLL-U tests need no models; the raw-text tests use the tiny stanza models
(``tiny_models`` in conftest.py) and skip without them. All tests skip without Ray.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install '.[ray]')")
pytest.importorskip("ray.data")
pq = pytest.importorskip("pyarrow.parquet")

import quoteattr  # noqa: E402
import quoteattr.ray as qray  # noqa: E402
from quoteattr.pipeline import Attributor  # noqa: E402

# Ray Data warns about its own deprecated settings when it copies its context to a worker.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# A document without a quotation, parsed by hand.
QUIET_CONLLU = """# text = The ferry left at noon.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tstart_char=0|end_char=3
2\tferry\tferry\tNOUN\tNN\t_\t3\tnsubj\t_\tstart_char=4|end_char=9
3\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\tstart_char=10|end_char=14
4\tat\tat\tADP\tIN\t_\t5\tcase\t_\tstart_char=15|end_char=17
5\tnoon\tnoon\tNOUN\tNN\t_\t3\tobl\t_\tstart_char=18|end_char=22|SpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\tstart_char=22|end_char=23

"""
BROKEN_CONLLU = "1\tonly three\tcolumns\n"

TEXTS = {
    "mayor": 'The mayor said, "We will win the vote next week." Then she left the hall.',
    "harbour": 'Tomas Brand said: "The harbour will reopen in spring."\n\nHis deputy agreed. '
               '"Nobody wants another winter like the last one," she added.',
    "ferry": "The ferry was late again.\nPassengers waited on the pier.\n"
             'One of them said, "We have been here since noon."',
    "budget": "The minister said that the budget would pass before the summer break.",
}


@pytest.fixture(scope="module")
def local_ray():
    """A two-CPU Ray instance for this module, shut down afterwards."""
    if ray.is_initialized():  # pragma: no cover - someone else's instance: leave it alone
        yield ray
        return
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level="ERROR", configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        yield ray
    finally:
        ray.shutdown()


def conllu_rows() -> List[Dict[str, Any]]:
    rows: List[Dict[str, Any]] = [
        {"doc_id": name, "source": "examples",
         "text": (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8"),
         "conllu": (EXAMPLES / f"{name}.conllu").read_text(encoding="utf-8")}
        for name in ("harbour", "research")]
    rows.append({"doc_id": "quiet", "source": "hand", "text": "The ferry left at noon.",
                 "conllu": QUIET_CONLLU})
    rows.append({"doc_id": "broken", "source": "hand", "text": "Whatever.", "conllu": BROKEN_CONLLU})
    return rows


def by_document(table) -> Dict[str, List[Dict[str, Any]]]:
    """Output rows grouped by document id, each row with only the record fields, in order."""
    grouped: Dict[str, List[Dict[str, Any]]] = {}
    for row in table.to_pylist():
        grouped.setdefault(row["doc_id"], []).append(row)
    return {k: sorted(v, key=lambda r: (r["start"] is None, r["start"] or 0)) for k, v in grouped.items()}


def records_only(rows: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The record fields of quote rows, ``fragments`` read back from its JSON text."""
    return [{f: json.loads(row[f]) if f == "fragments" else row[f] for f in quoteattr.records.FIELDS}
            for row in rows if row["start"] is not None]


# --------------------------------------------------------------------------- without Ray running


def test_import_quoteattr_does_not_import_ray() -> None:
    code = "import sys, quoteattr, quoteattr.ray; assert 'ray' not in sys.modules, 'ray imported'"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails as if not installed
    with pytest.raises(ImportError, match=r'pip install "\.\[ray\]"'):
        qray.extract(None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- CoNLL-U input


def test_conllu_rows_equal_one_process_and_failures_are_rows(local_ray) -> None:
    rows = conllu_rows()
    ds = ray.data.from_items(rows)
    out = qray.extract(ds, conllu_column="conllu", concurrency=2, batch_size=2,
                       keep_empty=True).to_arrow_refs()
    table = __import__("pyarrow").concat_tables(ray.get(out))
    assert table.column_names == ["doc_id", "source", *qray.OUTPUT_FIELDS]
    got = by_document(table)
    assert set(got) == {r["doc_id"] for r in rows}  # rows in = documents out

    for row in rows[:2]:
        expected = quoteattr.to_records(quoteattr.from_conllu(row["conllu"], row["text"]))
        assert expected and records_only(got[row["doc_id"]]) == expected
        assert {r["source"] for r in got[row["doc_id"]]} == {"examples"}
        assert all(r["error"] is None for r in got[row["doc_id"]])

    quiet = got["quiet"]
    assert len(quiet) == 1 and quiet[0]["start"] is None and quiet[0]["error"] is None
    broken = got["broken"]
    assert len(broken) == 1 and broken[0]["source"] == "hand"
    assert broken[0]["error"].startswith("ConlluError: ") and broken[0]["text"] is None


def test_jsonl_in_parquet_and_csv_out(local_ray, tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for row in conllu_rows():
            handle.write(json.dumps({k: row[k] for k in ("doc_id", "conllu")}) + "\n")
    quotes = qray.extract(ray.data.read_json(str(source)), conllu_column="conllu", concurrency=1)
    quotes = quotes.materialize()
    quotes.write_parquet(str(tmp_path / "parquet"))
    quotes.write_csv(str(tmp_path / "csv"))

    table = pq.read_table(str(tmp_path / "parquet"))
    got = by_document(table)
    assert "quiet" not in got  # keep_empty=False: a document without quotes gives no row
    expected = quoteattr.to_records(quoteattr.from_conllu(conllu_rows()[0]["conllu"]))
    assert records_only(got["harbour"]) == expected  # text rebuilt from the parse, as in one process
    assert [r["error"] for r in got["broken"]] != [None]
    assert ray.data.read_csv(str(tmp_path / "csv")).count() == table.num_rows


def test_wrong_arguments_fail_on_the_driver(local_ray) -> None:
    ds = ray.data.from_items(conllu_rows())
    with pytest.raises(TypeError, match="from_conllu"):
        qray.extract(ds, conllu_column="conllu", model_dir="models/")
    with pytest.raises(ValueError, match="download must be"):
        qray.extract(ds, download="sometimes")
    with pytest.raises(ValueError, match="no text column 'body'"):
        qray.extract(ds, text_column="body")
    with pytest.raises(ValueError, match="concurrency"):
        qray.extract(ds, conllu_column="conllu", concurrency=0)
    with pytest.raises(ValueError, match="batch_size"):
        qray.extract(ds, conllu_column="conllu", batch_size=0)
    clashing = ds.rename_columns({"source": "speaker"})
    with pytest.raises(ValueError, match=r"\['speaker'\] would clash"):
        qray.extract(clashing, conllu_column="conllu")


# --------------------------------------------------------------------------- raw text, tiny stanza models


def test_text_rows_equal_one_process_with_tiny_models(local_ray, tiny_models: Path, tmp_path: Path) -> None:
    options = {"model_dir": str(tiny_models), "download": "never"}
    single = Attributor(**options).load()
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "latin1.txt").write_bytes('"Caf\xe9 prices rose," he said.'.encode("latin-1"))
    (folder / "notes.md").write_text("Not a document.", encoding="utf-8")

    docs = qray.read_documents(str(folder))
    out = qray.extract(docs, concurrency=1, batch_size=2, keep_empty=True, **options)
    table = out.to_arrow_refs()
    table = __import__("pyarrow").concat_tables(ray.get(table))
    rows: Dict[str, List[Dict[str, Any]]] = {}
    for row in table.to_pylist():
        rows.setdefault(Path(row["path"]).stem, []).append(row)

    assert set(rows) == set(TEXTS) | {"latin1"}  # one file, one document; .md not read
    for name, text in TEXTS.items():
        got = [r for r in sorted(rows[name], key=lambda r: r["start"] or 0) if r["start"] is not None]
        assert records_only(got) == quoteattr.to_records(single.extract(text))
    assert len(rows["latin1"]) == 1 and rows["latin1"][0]["error"].startswith("UnicodeDecodeError")


def test_missing_models_fail_the_job_at_once_with_the_fix(local_ray, tmp_path: Path) -> None:
    ds = ray.data.from_items([{"doc_id": "one", "text": '"Fine," she said.'}])
    quotes = qray.extract(ds, model_dir=str(tmp_path), download="never", concurrency=1)
    with pytest.raises(Exception, match="quoteattr download") as caught:
        quotes.take_all()
    assert "ModelsMissingError" in str(caught.value)
