"""Reading a corpus for the command line: files, folders, JSONL and CSV, one document at a time.

Every document gets an id, which the output repeats in its ``document`` column:

* a text file: its path as given (``notes/a.txt``), or joined to the folder it was
  found in (``corpus/2024/a.txt`` for ``quoteattr extract corpus``); ``<stdin>`` for ``-``;
* a JSONL line or a CSV row: the value of ``--id-field`` when given, else
  ``FILE:N`` with N the line (JSONL) or row (CSV, header not counted) number.

Text files are read as ``open(path, encoding="utf-8").read()`` reads them, so that
offsets index that string: a byte-order mark stays, as the first character, and Windows
(``\\r\\n``) and old Mac (``\\r``) line ends read as ``\\n``. Text in JSONL and CSV is the
field's value as it stands.

Inputs are read lazily, so a corpus larger than memory streams through. A document that
cannot be read becomes an :class:`Item` with an ``error`` and the others go on.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import IO, Iterator, List, NamedTuple, Optional, Sequence

__all__ = ["Item", "Source", "sources", "read_items", "decode_text", "INPUT_FORMATS", "STDIN"]

STDIN = "-"
INPUT_FORMATS = ("auto", "text", "jsonl", "csv")
_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


class Item(NamedTuple):
    """One document: its id and text, or the reason it could not be read."""

    id: str
    text: Optional[str] = None
    error: Optional[str] = None


class Source(NamedTuple):
    """One input to read: a path (or ``-``) and its format."""

    name: str
    format: str  # text, jsonl or csv


def _format_of(name: str, wanted: str) -> str:
    if wanted != "auto":
        return wanted
    return _BY_SUFFIX.get(os.path.splitext(name)[1].lower(), "text")


def sources(names: Sequence[str], *, input_format: str = "auto", glob: str = "*.txt",
            errors: Optional[List[Item]] = None) -> List[Source]:
    """The inputs ``names`` stand for: folders are searched recursively for ``glob``,
    in sorted order. A folder with no match is reported in ``errors``."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {INPUT_FORMATS}, got {input_format!r}")
    found: List[Source] = []
    for name in names:
        if name != STDIN and os.path.isdir(name):
            matches = sorted(p for p in Path(name).rglob(glob) if p.is_file())
            if not matches and errors is not None:
                errors.append(Item(name, error=f"no files matching {glob!r} in this folder "
                                               "(choose others with --glob)"))
            found += [Source(os.path.join(name, str(p.relative_to(name))),
                             _format_of(p.name, input_format)) for p in matches]
        else:
            found.append(Source(name, _format_of(name, input_format)))
    return found


def decode_text(data: bytes, name: str) -> str:
    """``data`` as ``open(name, encoding="utf-8").read()`` would return it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "convert it first, e.g. `iconv -f latin1 -t utf-8`") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _open_error(name: str, err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {err.strerror or err}"


def read_items(source: Source, *, text_field: str = "text",
               id_field: Optional[str] = None) -> Iterator[Item]:
    """The documents of one input, in order."""
    label = "<stdin>" if source.name == STDIN else source.name
    if source.name == STDIN and sys.stdin is None:
        yield Item(label, error="standard input is closed; give FILES to read instead")
        return
    try:
        if source.format == "text":
            data = sys.stdin.buffer.read() if source.name == STDIN else Path(source.name).read_bytes()
            try:
                yield Item(label, decode_text(data, source.name))
            except ValueError as err:
                yield Item(label, error=str(err))
            return
        handle = _open_records(source.name)
    except OSError as err:
        yield Item(label, error=_open_error(source.name, err))
        return
    with handle:
        reader = _jsonl if source.format == "jsonl" else _csv
        yield from reader(handle, label, text_field, id_field)


def _open_records(name: str) -> IO[str]:
    raw = sys.stdin.buffer if name == STDIN else open(name, "rb")
    # utf-8-sig: a byte-order mark before the first record is not part of it
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def _record_item(record: object, where: str, text_field: str, id_field: Optional[str]) -> Item:
    if not isinstance(record, dict):
        return Item(where, error=f"expected an object with a {text_field!r} field, "
                                 f"got {type(record).__name__}")
    doc_id = where
    if id_field is not None:
        value = record.get(id_field)
        if value is None or value == "":
            return Item(where, error=f"no {id_field!r} field (the --id-field)")
        doc_id = str(value)
    text = record.get(text_field)
    if not isinstance(text, str):
        fields = ", ".join(map(str, list(record)[:8]))
        got = "no such field" if text is None else f"a {type(text).__name__}, not text"
        return Item(doc_id, error=f"{text_field!r} (the --text-field): {got}; fields: {fields}")
    return Item(doc_id, text)


def _jsonl(handle: IO[str], label: str, text_field: str, id_field: Optional[str]) -> Iterator[Item]:
    number = 0
    try:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{label}:{number}"
            try:
                record = json.loads(line)
            except ValueError as err:
                yield Item(where, error=f"not a JSON line ({err})")
                continue
            yield _record_item(record, where, text_field, id_field)
    except UnicodeDecodeError as err:
        yield Item(f"{label}:{number + 1}", error=f"not UTF-8 text ({err.reason}); the rest of "
                                                  "the file is skipped")


def _csv(handle: IO[str], label: str, text_field: str, id_field: Optional[str]) -> Iterator[Item]:
    csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))  # articles outgrow the 128 KiB default
    rows = csv.DictReader(handle)
    number = 0
    try:
        header = rows.fieldnames or []
        missing = [f for f in (text_field, id_field) if f is not None and f not in header]
        if missing:
            yield Item(label, error=f"no column {missing[0]!r} (columns: {', '.join(header)}); "
                                    "name the right ones with --text-field / --id-field")
            return
        for number, row in enumerate(rows, 1):
            yield _record_item(row, f"{label}:{number}", text_field, id_field)
    except (csv.Error, UnicodeDecodeError) as err:
        yield Item(f"{label}:{number + 1}", error=f"unreadable CSV ({err}); the rest of the file "
                                                  "is skipped")
