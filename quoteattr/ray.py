"""Quotes from a whole corpus on Ray Data: one row per quote, one actor per pipeline.

Usage (a sketch; the folder names are placeholders)::

    import ray, quoteattr.ray

    docs = ray.data.read_parquet("articles/")            # columns: id, text
    quotes = quoteattr.ray.extract(docs, model_dir="models/", download="never", concurrency=4)
    quotes.write_parquet("quotes/")                      # columns: id, start, end, ..., error

:func:`extract` runs :class:`~quoteattr.pipeline.Attributor` inside Ray actors (a
``map_batches`` callable class), so each actor loads its parser once and keeps it for
every batch it is given. Each output row is one quote: the input row's other columns
(a document id, a path, a date) followed by the fields of :func:`quoteattr.to_records`
and an ``error`` column. A document that cannot be read or parsed gives one row whose
``error`` holds the message and whose record fields are null; the job goes on.

Ray is an optional dependency: ``import quoteattr`` never imports it, and the functions
here raise an ImportError that says what to install when it is missing.
"""

from __future__ import annotations

import json

import inspect
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union

from quoteattr.errors import DocumentError
from quoteattr.records import FIELDS, to_records

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    import ray.data

__all__ = ["extract", "read_documents", "OUTPUT_FIELDS"]

#: The columns :func:`extract` adds to the input's own: the record fields, then ``error``.
OUTPUT_FIELDS: Tuple[str, ...] = tuple(FIELDS) + ("error",)

_INTEGER_FIELDS = {"start", "end", "speaker_start", "speaker_end", "cue_start", "cue_end",
                   "addressee_start", "addressee_end"}
_INSTALL_HINT = ('quoteattr.ray needs Ray Data and pyarrow: pip install "quoteattr[ray]" '
                 '(from a source checkout: pip install ".[ray]")')


def _require_ray() -> Any:
    """The ``ray`` package with ``ray.data`` loaded, or an ImportError saying what to install."""
    try:
        import pyarrow  # noqa: F401  (Ray Data's batches and our columns are Arrow)
        import ray
        import ray.data  # noqa: F401
    except ImportError as err:
        raise ImportError(f"{_INSTALL_HINT}; importing it failed: {err}") from err
    return ray


def _arrow_type(field: str) -> Any:
    import pyarrow as pa

    if field in _INTEGER_FIELDS:
        return pa.int64()
    if field == "confidence":
        return pa.float64()
    return pa.string()


def _plain(value: Any) -> Any:
    """A list value (the ``[start, end]`` pairs of ``fragments``) as JSON text, so that
    every writer, CSV included, can take the column."""
    return json.dumps(value) if isinstance(value, list) else value


# --------------------------------------------------------------------------- reading


def read_documents(paths: Union[str, Sequence[str]], *, extensions: Optional[Sequence[str]] = ("txt",),
                   **read_options: Any) -> "ray.data.Dataset":
    """One row per file under ``paths``: ``path`` (the file's path) and ``text`` (its bytes).

    ``ray.data.read_text`` gives one row per *line*; a document is a whole file, so the
    files are read with ``ray.data.read_binary_files``. :func:`extract` decodes the
    bytes as UTF-8, and a file that is not UTF-8 becomes an error row carrying its path.
    ``extensions=None`` reads every file; other keywords go to ``read_binary_files``
    (``filesystem=``, ``override_num_blocks=``, ...).

    The read tasks ask for no CPU of their own (``num_cpus=0``): reading a file is cheap
    next to parsing it, and a read task that waits for a CPU held by a parser actor waits
    for ever when the actors hold every CPU of the cluster.
    """
    ray = _require_ray()
    read_options.setdefault("num_cpus", 0)
    if extensions is not None:
        read_options["file_extensions"] = [e.lstrip(".") for e in extensions]
    ds = ray.data.read_binary_files(paths, include_paths=True, **read_options)
    return ds.rename_columns({"bytes": "text"})


# --------------------------------------------------------------------------- the actor


class QuoteBatches:
    """The ``map_batches`` callable class :func:`extract` runs: one pipeline per actor.

    ``spec`` holds the column names and options checked by :func:`extract`. With a
    CoNLL-U column each document is read by :func:`quoteattr.from_conllu` and no parser
    is loaded; otherwise an :class:`~quoteattr.pipeline.Attributor` is built and loaded
    here, once, and every batch goes through its ``pipe``.
    """

    def __init__(self, spec: Dict[str, Any]) -> None:
        self.spec = spec
        self.attributor: Any = None
        if spec["conllu_column"] is None:
            from quoteattr.pipeline import Attributor

            self.attributor = Attributor(**spec["options"])
            self.attributor.load()  # missing models fail the actor now, not every document

    def __call__(self, batch: "pyarrow.Table") -> "pyarrow.Table":
        import pyarrow as pa

        text_column, conllu_column = self.spec["text_column"], self.spec["conllu_column"]
        columns = list(batch.column_names)
        _check_columns(columns, text_column, conllu_column)
        texts: List[Any] = (batch.column(text_column).to_pylist() if text_column in columns
                            else [None] * batch.num_rows)
        if conllu_column is not None:
            results = self._from_conllu(batch.column(conllu_column).to_pylist(), texts)
        else:
            results = self._from_text(texts)

        rows: List[Tuple[int, Optional[Dict[str, Any]], Optional[str]]] = []  # (input row, record, error)
        for i, result in enumerate(results):
            if isinstance(result, str):
                rows.append((i, None, result))
                continue
            found = to_records(result)
            rows += [(i, record, None) for record in found]
            if not found and self.spec["keep_empty"]:
                rows.append((i, None, None))

        carried = batch.drop_columns([c for c in (text_column, conllu_column) if c in columns])
        out = carried.take(pa.array([i for i, _, _ in rows], type=pa.int64()))
        for field in FIELDS:
            values = [_plain(record[field]) if record is not None else None for _, record, _ in rows]
            out = out.append_column(field, pa.array(values, type=_arrow_type(field)))
        return out.append_column("error", pa.array([e for _, _, e in rows], type=pa.string()))

    def _from_conllu(self, parses: List[Any], texts: List[Any]) -> List[Any]:
        from quoteattr.attribution import from_conllu

        results: List[Any] = []
        for parse, text in zip(parses, texts):
            try:
                parse, text = _as_text(parse, "CoNLL-U"), (None if text is None else _as_text(text))
                results.append(from_conllu(parse, text, **self.spec["options"]))
            except Exception as err:
                results.append(_message(err))
        return results

    def _from_text(self, texts: List[Any]) -> List[Any]:
        results: List[Any] = [None] * len(texts)
        todo: List[int] = []
        decoded: List[str] = []
        for i, text in enumerate(texts):
            try:
                decoded.append(_as_text(text))
                todo.append(i)
            except Exception as err:
                results[i] = _message(err)
        try:
            found = list(self.attributor.pipe(decoded, batch_size=self.spec["batch_size"],
                                              errors="return"))
        except Exception:  # not one document's fault: try each alone so the rest survive
            found = []
            for text in decoded:
                try:
                    found.append(self.attributor.extract(text))
                except Exception as err:
                    found.append(err)
        for i, result in zip(todo, found):
            results[i] = _message(result) if isinstance(result, BaseException) else result
        return results


def _as_text(value: Any, what: str = "text") -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8")
    raise TypeError(f"expected the {what} as str or UTF-8 bytes, got {type(value).__name__}")


def _message(err: BaseException) -> str:
    """``Type: message`` of the error that made a document fail (for a DocumentError, its cause)."""
    cause = err.__cause__ if isinstance(err, DocumentError) and err.__cause__ is not None else err
    return f"{type(cause).__name__}: {cause}"


def _check_columns(columns: Sequence[str], text_column: str, conllu_column: Optional[str]) -> None:
    if conllu_column is None and text_column not in columns:
        raise ValueError(f"the dataset has no text column {text_column!r} (columns: {list(columns)}); "
                         "pass text_column=NAME")
    if conllu_column is not None and conllu_column not in columns:
        raise ValueError(f"the dataset has no CoNLL-U column {conllu_column!r} "
                         f"(columns: {list(columns)})")
    clash = sorted(set(columns) & set(OUTPUT_FIELDS) - {text_column, conllu_column})
    if clash:
        raise ValueError(f"input columns {clash} would clash with the quote fields of the output; "
                         "rename them first (Dataset.rename_columns)")


# --------------------------------------------------------------------------- the entry point


def _check_options(conllu_column: Optional[str], options: Dict[str, Any]) -> None:
    """Catch a wrong keyword on the driver, before any actor starts."""
    if conllu_column is None:
        from quoteattr.pipeline import Attributor

        Attributor(**options)  # checks names and values; loads nothing
        return
    from quoteattr.attribution import from_conllu

    try:
        inspect.signature(from_conllu).bind("", None, **options)
    except TypeError as err:
        raise TypeError(f"with conllu_column, the options go to quoteattr.from_conllu, which "
                        f"does not take them ({err}); parser options such as model_dir do not apply"
                        ) from None


def _compute(ray: Any, concurrency: Union[None, int, Tuple[int, int]]) -> Dict[str, Any]:
    """The actor pool for ``concurrency``.

    Each actor is given one batch at a time (Ray's default queues several per actor):
    a batch takes seconds to parse, so queueing hides nothing, and a queue fixed in
    advance leaves one actor parsing long articles while the others wait at the end.
    """
    if concurrency is None:
        sizes: Dict[str, Any] = {"min_size": 1, "max_size": None}  # Ray's default: autoscaling
    elif isinstance(concurrency, int) and not isinstance(concurrency, bool) and concurrency >= 1:
        sizes = {"size": concurrency}
    elif (isinstance(concurrency, tuple) and len(concurrency) == 2
            and all(isinstance(n, int) and n >= 1 for n in concurrency) and concurrency[0] <= concurrency[1]):
        sizes = {"min_size": concurrency[0], "max_size": concurrency[1]}
    else:
        raise ValueError(f"concurrency must be a number of actors (>= 1) or a (min, max) pair, "
                         f"got {concurrency!r}")
    return {"compute": ray.data.ActorPoolStrategy(**sizes, max_tasks_in_flight_per_actor=1)}


def extract(ds: "ray.data.Dataset", *, text_column: str = "text", conllu_column: Optional[str] = None,
            batch_size: int = 32, concurrency: Union[None, int, Tuple[int, int]] = None,
            num_gpus: Optional[float] = None, num_cpus: Optional[float] = None,
            keep_empty: bool = False, **options: Any) -> "ray.data.Dataset":
    """Quotes of every document in ``ds``, one row per quote (lazy, like any Ray Dataset).

    :param ds: one row per document.
    :param text_column: the column holding each document's text, as str or as UTF-8
        bytes (which :func:`read_documents` and ``ray.data.read_binary_files`` give).
    :param conllu_column: read each document's parse from this column with
        :func:`quoteattr.from_conllu` instead of running a parser; the text column is
        then optional (when absent, the text is rebuilt from the parse).
    :param batch_size: documents per batch, for Ray and for the parser.
    :param concurrency: actors: a number, a ``(min, max)`` pair for an autoscaling pool,
        or ``None`` for Ray's default. Each actor loads its own pipeline.
    :param num_gpus: GPUs per actor (``1`` runs stanza on one GPU each, ``0.5`` shares one
        between two actors).
    :param num_cpus: CPUs per actor (Ray's default is 1, which also sets torch to one thread).
    :param keep_empty: also give one row, its quote fields null, for a document without
        quotes, so that every input row appears in the output.
    :param options: for :class:`~quoteattr.pipeline.Attributor` (``model_dir``,
        ``download``, ``lexicon``, ``use_gpu``, stanza's options, and whichever backend
        and sieve options the installed version takes); with ``conllu_column``, for
        :func:`quoteattr.from_conllu` (``lexicon``).
    :returns: the input's columns except the text (and CoNLL-U) column, followed by
        :data:`OUTPUT_FIELDS`; ``error`` is null except on a failed document's one row.
    """
    ray = _require_ray()
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number of documents >= 1, got {batch_size!r}")
    _check_options(conllu_column, options)
    known = ds.columns(fetch_if_missing=False)
    if known is not None:
        _check_columns(known, text_column, conllu_column)
    spec = {"text_column": text_column, "conllu_column": conllu_column, "batch_size": batch_size,
            "keep_empty": bool(keep_empty), "options": options}
    resources: Dict[str, Any] = {}
    if num_gpus is not None:
        resources["num_gpus"] = num_gpus
    if num_cpus is not None:
        resources["num_cpus"] = num_cpus
    return ds.map_batches(QuoteBatches, fn_constructor_kwargs={"spec": spec}, batch_format="pyarrow",
                          batch_size=batch_size, **_compute(ray, concurrency), **resources)
