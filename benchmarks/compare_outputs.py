"""Compare every quote two versions of quoteattr return on PolNeAR (and LitBank).

    python benchmarks/compare_outputs.py OLD NEW [--data ../shared] [--only conllu spacy]
                                                 [--show 10] [--fields rule confidence]

``OLD`` and ``NEW`` are git revisions (``HEAD~1``, a branch, a commit), ``.`` for the
working tree, or a ``.jsonl`` file written earlier by ``dump``. Each version runs in a subprocess of its own, from a temporary
``git worktree`` of that revision, over PolNeAR train and dev on the CoreNLP parses
(``conllu/`` + ``text/``) and on the spaCy DocBins, and over the LitBank DocBin when
it is present. Every quote is written as one JSON line; the two dumps are compared
document by document and the differences printed. The exit status is 1 when they
differ, so a refactoring can be checked with one command.

``--fields`` leaves out the named fields before comparing (a renaming of rules, say).

    python benchmarks/compare_outputs.py dump OUT.jsonl     # one version: the tree this file is in
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.revisions import checkout  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared"


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _documents(data: Path, only: Sequence[str]) -> Iterator[Tuple[str, str, object]]:
    """(corpus/split/parse, doc id, input) for every document the data holds."""
    for split in ("train", "dev"):
        base = data / "polnear" / split
        if "conllu" in only and (base / "conllu").is_dir():
            for path in sorted((base / "conllu").glob("*.conllu")):
                yield f"polnear/{split}/conllu", path.stem, (path, base / "text" / (path.stem + ".txt"))
        if "spacy" in only and (base / "spacy" / "en_core_web_md.spacy").is_file():
            for doc_id, doc in _docbin(base / "spacy" / "en_core_web_md.spacy"):
                yield f"polnear/{split}/spacy", doc_id, doc
    litbank = data / "litbank" / "en_core_web_md.spacy"
    if "litbank" in only and litbank.is_file():
        for doc_id, doc in _docbin(litbank):
            yield "litbank/spacy", doc_id, doc


def _docbin(path: Path) -> Iterator[Tuple[str, object]]:
    import spacy
    from spacy.tokens import DocBin

    for n, doc in enumerate(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)):
        yield str(doc.user_data.get("doc_id", n)), doc


def dump(out: Path, data: Path, only: Sequence[str], root: Path = REPO) -> int:
    """Write one JSON line per document: its key and its quotes as dicts, with the
    package found in ``root``."""
    sys.path.insert(0, str(root))
    import quoteattr

    assert Path(quoteattr.__file__).resolve().parent.parent == root.resolve(), quoteattr.__file__

    with open(out, "w", encoding="utf-8") as f:
        for corpus, doc_id, source in _documents(data, only):
            try:
                if isinstance(source, tuple):
                    conllu, text = source
                    conllu_text = _read(conllu)
                    quotes = quoteattr.from_conllu(conllu_text, text=_read(text))
                else:
                    quotes = quoteattr.from_spacy(source)
                rows: object = [q.to_dict() for q in quotes]
            except Exception as exc:  # a crash is a difference worth seeing, not a stop
                rows = f"error: {type(exc).__name__}: {exc}"
            f.write(json.dumps({"doc": f"{corpus}/{doc_id}", "quotes": rows}, sort_keys=True) + "\n")
    return 0


def _load(path: Path, drop: Sequence[str]) -> Dict[str, object]:
    out = {}
    for line in _read(path).splitlines():
        row = json.loads(line)
        quotes = row["quotes"]
        if isinstance(quotes, list):
            quotes = [{k: v for k, v in q.items() if k not in drop} for q in quotes]
        out[row["doc"]] = quotes
    return out


def _run_version(rev: str, out: Path, data: Path, only: Sequence[str], tmp: Path) -> None:
    """Dump the outputs of revision ``rev`` (``.`` = the working tree) into ``out``."""
    with checkout(rev, tmp) as root:
        # this copy of the script dumps, with the other tree's package first on the path
        subprocess.run([sys.executable, __file__, "dump", str(out), "--root", str(root), "--data", str(data),
                        "--only", *only], check=True, cwd=str(root))


def compare(old: Dict[str, object], new: Dict[str, object], show: int) -> int:
    """Print the documents whose quotes differ; return how many differ."""
    differing = [d for d in sorted(set(old) | set(new)) if old.get(d) != new.get(d)]
    for doc in differing[:show]:
        a, b = old.get(doc), new.get(doc)
        print(f"--- {doc}")
        if not isinstance(a, list) or not isinstance(b, list):
            print(f"  old: {str(a)[:200]}\n  new: {str(b)[:200]}")
            continue
        only_a = [q for q in a if q not in b]
        only_b = [q for q in b if q not in a]
        for q in only_a[:5]:
            print(f"  - {json.dumps(q, sort_keys=True)[:300]}")
        for q in only_b[:5]:
            print(f"  + {json.dumps(q, sort_keys=True)[:300]}")
    total = sum(len(q) for q in new.values() if isinstance(q, list))
    print(f"{len(new)} documents, {total} quotes (new); {len(differing)} documents differ")
    return len(differing)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="a git revision, '.' for the working tree, or 'dump'")
    parser.add_argument("new", help="a git revision or '.'; with 'dump': the output file")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--only", nargs="+", default=["conllu", "spacy", "litbank"],
                        choices=["conllu", "spacy", "litbank"], help="which inputs to run")
    parser.add_argument("--root", type=Path, default=REPO, help="with 'dump': the tree whose package runs")
    parser.add_argument("--show", type=int, default=10, help="documents with differences to print")
    parser.add_argument("--fields", nargs="*", default=[], help="quote fields to leave out of the comparison")
    args = parser.parse_args(argv)
    if args.old == "dump":
        return dump(Path(args.new), args.data, args.only, args.root)
    with tempfile.TemporaryDirectory() as tmp:
        dumps: List[Path] = []
        for n, rev in enumerate((args.old, args.new)):
            if rev.endswith(".jsonl") and Path(rev).is_file():  # a dump made earlier
                dumps.append(Path(rev))
                continue
            out = Path(tmp) / f"{n}.jsonl"
            _run_version(rev, out, args.data.resolve(), args.only, Path(tmp))
            dumps.append(out)
        differ = compare(_load(dumps[0], args.fields), _load(dumps[1], args.fields), args.show)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
