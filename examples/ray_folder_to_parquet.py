"""A folder of .txt articles in, a Parquet table of their quotes out, on Ray Data.

Run from the repository root:  python examples/ray_folder_to_parquet.py

Each file is one document (its path is its id); each output row is one quote, with the
fields of quoteattr.to_records, or one error row for a file that could not be read or
parsed. Needs the [ray] extra: pip install ".[ray]".

Where the parses come from:

* ``--model-dir DIR``: stanza's English models in DIR (``quoteattr download``);
* ``--spacy MODEL``: a spaCy pipeline such as en_core_web_sm, with a quoteattr that has
  the spaCy backend;
* neither (the default, as in CI): the hand-checked parse NAME.conllu next to each
  NAME.txt, so that the example runs offline with no model at all.

Without ``--out`` the table goes to a temporary folder that is removed after the
summary. ``--address auto`` (or ray://HOST:10001) runs on an existing Ray cluster
instead of a local one; see docs/corpus-scale.md.
"""

from __future__ import annotations

import argparse
import inspect
import logging
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=HERE,
                        help="folder of .txt files (default: the examples folder)")
    parser.add_argument("--out", type=Path, help="Parquet folder to write (default: a temporary one)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--model-dir", help="stanza resource folder with the English models")
    source.add_argument("--spacy", metavar="MODEL", help="parse with this spaCy pipeline")
    parser.add_argument("--workers", type=int, default=1, help="parser actors (default 1)")
    parser.add_argument("--gpus-per-worker", type=float, default=None,
                        help="GPUs per actor, e.g. 1 or 0.5 (stanza on a GPU)")
    parser.add_argument("--batch-size", type=int, default=32, help="documents per batch")
    parser.add_argument("--address", help="an existing Ray cluster (auto, ray://HOST:10001)")
    return parser.parse_args(argv)


def options_for(args: argparse.Namespace) -> dict:
    """quoteattr.ray.extract's options for the chosen parse source."""
    if args.model_dir:
        return {"model_dir": args.model_dir, "download": "never"}
    if args.spacy:
        from quoteattr.pipeline import Attributor

        if "spacy" not in inspect.signature(Attributor).parameters:
            sys.exit("--spacy needs a quoteattr with the spaCy backend (Attributor(spacy=...)); "
                     "this one has none: use --model-dir, or no flag for the CoNLL-U files")
        return {"spacy": args.spacy}
    return {"conllu_column": "conllu"}


def with_conllu(row: dict) -> dict:
    """Add the text of NAME.conllu next to NAME.txt, or None (an error row) when absent."""
    parse = Path(row["path"]).with_suffix(".conllu")
    row["conllu"] = parse.read_text(encoding="utf-8") if parse.is_file() else None
    return row


def summary(out: Path) -> None:
    import pyarrow.parquet as pq

    table = pq.read_table(str(out)).sort_by([("path", "ascending"), ("start", "ascending")])
    rows = table.to_pylist()
    print(f"{len(rows)} rows in {out}, columns: {', '.join(table.column_names)}")
    for path in sorted({r["path"] for r in rows}):
        mine = [r for r in rows if r["path"] == path]
        errors = [r["error"] for r in mine if r["error"]]
        print(f"  {Path(path).name}: {len(mine) - len(errors)} quotes"
              + (f", error: {errors[0][:70]}" if errors else ""))
        for r in [r for r in mine if r["start"] is not None][:3]:
            quote = " ".join(r["text"].split())
            print(f"    {r['kind']:8} {(r['speaker'] or '(no speaker)')[:28]:28} {quote[:50]}")


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        import ray

        import quoteattr.ray as qray
        qray._require_ray()
    except ImportError as err:
        print(f"skipped: {err}")
        return 0

    if args.address:
        ray.init(address=args.address)
    else:
        ray.init(include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # keep the summary readable
    ray.data.DataContext.get_current().enable_progress_bars = False

    options = options_for(args)
    docs = qray.read_documents(str(args.folder))
    if "conllu_column" in options:
        print("No --model-dir or --spacy: reading the NAME.conllu parse next to each NAME.txt.")
        docs = docs.map(with_conllu, num_cpus=0)  # a file read: no CPU of its own, like the reads
    quotes = qray.extract(docs, concurrency=args.workers, num_gpus=args.gpus_per_worker,
                          batch_size=args.batch_size, **options)

    out = args.out or Path(tempfile.mkdtemp(prefix="quotes-")) / "parquet"
    # The writers too ask for no CPU, so that they run while the parser actors hold them all.
    quotes.write_parquet(str(out), ray_remote_args={"num_cpus": 0})
    summary(out)
    if args.out is None:
        shutil.rmtree(out.parent)
        print("(a temporary folder, now removed: pass --out DIR to keep the table)")
    ray.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
