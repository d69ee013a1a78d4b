"""Writing the command line's results: JSONL, CSV, Parquet or a table, and resuming a run.

Every record holds the columns of :data:`quoteattr.records.DOCUMENT_FIELDS`: the
document's id, then :func:`quoteattr.to_records`' columns. The rows of one document are
written together, in input order.

``--resume`` reads the document ids already in the output file and appends the rest.
The last document found there is done again, since a run that was cut short may have
written only part of its rows; its rows are removed first. Documents without quotes
leave no rows, so a resumed run reads them again (and again finds nothing). A Parquet
file can only be read once its writer closed it, so only a finished Parquet output can
be resumed (to add documents to it); its rows are copied into the new file, which
replaces the old one when the run ends.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, TextIO, Tuple

from quoteattr.model import Quote
from quoteattr.records import DOCUMENT_FIELDS, to_records
from quoteattr.render import render_text

__all__ = ["FORMATS", "OutputError", "Writer", "format_for", "open_writer"]

FORMATS = ("jsonl", "csv", "parquet", "table")
_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
              ".parquet": "parquet", ".txt": "table"}
PARQUET_HINT = "pip install pyarrow (or, in a clone of quoteattr: pip install \".[parquet]\")"


class OutputError(Exception):
    """The output cannot be written or resumed; the message says what to do."""


def format_for(output: Optional[str], wanted: Optional[str]) -> str:
    """The output format: ``wanted``, else the one ``output``'s suffix names, else JSONL."""
    if wanted:
        return wanted
    if output:
        return _BY_SUFFIX.get(os.path.splitext(output)[1].lower(), "jsonl")
    return "jsonl"


class Writer:
    """Writes the quotes of one document at a time."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.owns_out = False  # set when the writer opened ``out`` itself

    def write(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.out.flush()
        if self.owns_out:
            self.out.close()


class JsonlWriter(Writer):
    def write(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        if quotes:
            self.out.write("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                   for r in to_records(quotes, document=document)))
            self.out.flush()


class CsvWriter(Writer):
    def __init__(self, out: TextIO, header: bool = True) -> None:
        super().__init__(out)
        self.rows = csv.DictWriter(out, fieldnames=DOCUMENT_FIELDS, lineterminator="\n")
        if header:
            self.rows.writeheader()

    def write(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        if quotes:
            self.rows.writerows(to_records(quotes, document=document))
            self.out.flush()


class TableWriter(Writer):
    """A view for people: one block per document, drawn by :func:`quoteattr.render_text`."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        on_terminal = hasattr(out, "isatty") and out.isatty()
        self.width = max(shutil.get_terminal_size((100, 24)).columns, 60) if on_terminal else 100
        self.color = None if on_terminal else False  # None: colour unless NO_COLOR is set

    def write(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        count = f"{len(quotes)} quote" + ("" if len(quotes) == 1 else "s")
        self.out.write(f"== {document} ({count})\n")
        if quotes:  # a parse read without its text carries the text it rebuilt
            text = getattr(quotes, "text", "") or text
            self.out.write(render_text(text, quotes, color=self.color, width=self.width) + "\n\n")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise OutputError(f"Parquet output needs pyarrow, which is not installed: {PARQUET_HINT}; "
                          "or write --format jsonl / csv") from None
    return pyarrow


def _column_type(pa: Any, field: str) -> Any:
    if field in ("start", "end") or field.endswith(("_start", "_end")):
        return pa.int64()
    if field == "confidence":
        return pa.float64()
    if field == "fragments":  # [start, end] pairs
        return pa.list_(pa.list_(pa.int64()))
    return pa.string()


def _schema(pa: Any) -> Any:
    return pa.schema([(f, _column_type(pa, f)) for f in DOCUMENT_FIELDS])


class ParquetWriter:
    """Rows gathered into row groups of about ``group`` rows; the file appears when closed."""

    def __init__(self, path: str, previous: Any = None, group: int = 10_000) -> None:
        self.pa = _pyarrow()
        self.path, self.partial = path, path + ".partial"
        self.writer = self.pa.parquet.ParquetWriter(self.partial, _schema(self.pa))
        self.rows: List[Dict[str, Any]] = []
        self.group = group
        if previous is not None:
            self.writer.write_table(previous)

    def write(self, document: str, text: str, quotes: Sequence[Quote]) -> None:
        self.rows += to_records(quotes, document=document)
        if len(self.rows) >= self.group:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.writer.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
        os.replace(self.partial, self.path)


# --------------------------------------------------------------------------- resuming


def _resume_jsonl(path: str) -> Set[str]:
    """Ids done in a JSONL output; cuts the file before the last document's rows."""
    done: List[str] = []
    starts: Dict[str, int] = {}
    with open(path, "rb") as handle:
        offset = 0
        for number, line in enumerate(handle, 1):
            if not line.endswith(b"\n"):  # a row cut short: it goes with its document
                break
            try:
                document = json.loads(line)["document"]
            except (ValueError, KeyError, TypeError):
                raise OutputError(f"cannot resume: line {number} of {path} is not a quoteattr "
                                  "JSONL record; write to a new file instead") from None
            if not done or done[-1] != document:
                done.append(document)
                starts[document] = offset
            offset += len(line)
    cut = starts[done.pop()] if done else 0
    with open(path, "r+b") as handle:
        handle.truncate(cut)
    return set(done)


def _resume_csv(path: str) -> Set[str]:
    """Ids done in a CSV output; rewrites it without the last document's rows."""
    with open(path, encoding="utf-8", newline="") as handle:
        data = handle.read()
    if not data:
        return set()
    rows = list(csv.reader(io.StringIO(data, newline="")))
    if rows[0] != list(DOCUMENT_FIELDS):
        raise OutputError(f"cannot resume: {path} does not start with quoteattr's CSV header; "
                          "write to a new file instead")
    body = rows[1:-1] if not data.endswith("\n") else rows[1:]
    if body:
        last = body[-1][0]
        body = [r for r in body if r[0] != last]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerows([list(DOCUMENT_FIELDS)] + body)
    return {r[0] for r in body}


def _resume_parquet(path: str) -> Tuple[Set[str], Any]:
    pa = _pyarrow()
    try:
        table = pa.parquet.read_table(path)
    except Exception as err:
        raise OutputError(f"cannot resume from {path}: not a finished Parquet file ({err}); a "
                          "Parquet run that was cut short cannot be resumed: move the file away "
                          "and start again, or use JSONL") from None
    if table.column_names != list(DOCUMENT_FIELDS):
        raise OutputError(f"cannot resume: {path} does not hold quoteattr's columns")
    return set(table.column("document").to_pylist()), table.cast(_schema(pa))


def open_writer(fmt: str, output: Optional[str], *, resume: bool = False,
                stdout: Optional[TextIO] = None) -> Tuple[Any, Set[str]]:
    """The writer for ``fmt`` into ``output`` (stdout when None), and the ids already done."""
    if fmt not in FORMATS:
        raise OutputError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if resume and (output is None or fmt == "table"):
        raise OutputError("--resume needs an output file (--output FILE) in jsonl, csv or parquet")
    if fmt == "parquet":
        if output is None:
            raise OutputError("Parquet output needs a file: add --output FILE.parquet")
        _pyarrow()
        done, previous = (_resume_parquet(output) if resume and os.path.exists(output)
                          else (set(), None))
        return ParquetWriter(output, previous), done
    done: Set[str] = set()
    exists = output is not None and os.path.exists(output) and os.path.getsize(output) > 0
    if resume and exists:
        done = _resume_jsonl(output) if fmt == "jsonl" else _resume_csv(output)
    try:
        out = (stdout or sys.stdout) if output is None else open(
            output, "a" if resume else "w", encoding="utf-8", newline="")
    except OSError as err:
        raise OutputError(f"cannot write {output}: {err.strerror or err}") from None
    makers: Dict[str, Callable[[TextIO], Writer]] = {
        "jsonl": JsonlWriter, "table": TableWriter,
        "csv": lambda out: CsvWriter(out, header=not (resume and exists))}
    writer = makers[fmt](out)
    writer.owns_out = output is not None
    return writer, done
