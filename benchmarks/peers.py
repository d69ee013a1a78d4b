"""Score published rule-based quote attributors on PolNeAR with quoteattr's metric.

    python benchmarks/peers.py [--peer textacy|sayswho|all] [--python PYTHON]
                               [--split dev] [--data ../shared/polnear] [--spacy DOCBIN]
                               [--by-paragraph] [--errors N] [--limit K] [--json OUT]

Each peer runs on the documents of a spaCy DocBin (by default
``SPLIT/spacy/en_core_web_md.spacy``, the parses that ``polnear.py --spacy`` gives
quoteattr), and its output is scored by ``benchmarks/scoring.py`` through the same
functions ``polnear.py`` uses, so the tables can stand next to quoteattr's.

Peers:

* ``textacy``: ``textacy.extract.triples.direct_quotations(doc)``. It raises ValueError
  on any document with an odd number of quotation-mark tokens; such a document counts
  as failed and contributes no quotes, as a crash does in ``polnear.py``.
  ``--by-paragraph`` runs it on each paragraph separately instead, so that one stray
  mark only costs its own paragraph.
* ``sayswho``: ``sayswho.quote_finder.quote_finder(doc)``, the rule-based quote finder
  of the sayswho package (itself derived from textacy's). The rest of sayswho needs
  coreference models that cannot be downloaded here and is not run. Its own
  preprocessing rewrites ``''`` as ``"`` and collapses blank lines before parsing, and
  its finder crashes on a two-character ``''`` or newline token, so it runs on a copy
  of the Doc with those token texts rewritten the same way and every annotation kept;
  offsets are mapped back to the article through token indices.

The peers are not dependencies of quoteattr. When a peer cannot be imported here, pass
``--python`` with an interpreter that has it; this script then reruns its peer step in
that interpreter, which writes the peer's spans as JSON, and scores them here:

    python3 -m venv /tmp/peers
    /tmp/peers/bin/pip install textacy==0.13.0 sayswho==0.1.4 jinja2
    python benchmarks/peers.py --peer all --python /tmp/peers/bin/python
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.polnear import (  # noqa: E402
    DEFAULT_DATA,
    Run,
    print_counts,
    print_errors,
    print_rules,
    print_tables,
    score_runs,
    timing,
)
from benchmarks.scoring import by_rule, summarize  # noqa: E402

PEERS = ("textacy", "sayswho")
#: The module each peer's step imports.
MODULES = {"textacy": "textacy", "sayswho": "sayswho"}
INSTALL = ("python3 -m venv /tmp/peers && "
           "/tmp/peers/bin/pip install textacy==0.13.0 sayswho==0.1.4 jinja2")

TokenIdx = Tuple[int, ...]
#: One peer triple in token indices of the original Doc: speaker, cue, content (start, end).
Triple = Tuple[TokenIdx, TokenIdx, Tuple[int, int]]


# --------------------------------------------------------------------------- quotes


@dataclass(frozen=True)
class PeerSpan:
    """A speaker or cue mention: character offsets into the article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PeerQuote:
    """A peer's quote with the attributes ``scoring.score_document`` reads."""

    start: int
    end: int
    text: str
    kind: str = "direct"
    speaker: Optional[PeerSpan] = None
    cue: Optional[PeerSpan] = None
    rule: str = "peer"


def _mention(text: str, span: Optional[Sequence[int]]) -> Optional[PeerSpan]:
    if not span:
        return None
    start, end = int(span[0]), int(span[1])
    return PeerSpan(start, end, text[start:end])


def to_quotes(text: str, spans: Iterable[Dict[str, Any]], rule: str) -> List[PeerQuote]:
    """Turn a peer's spans (as the peer step writes them) into scorable quotes."""
    quotes = []
    for s in spans:
        start, end = s["content"]
        quotes.append(
            PeerQuote(
                start=start,
                end=end,
                text=text[start:end],
                kind="direct",
                speaker=_mention(text, s.get("speaker")),
                cue=_mention(text, s.get("cue")),
                rule=rule,
            )
        )
    return sorted(quotes, key=lambda q: (q.start, q.end))


# --------------------------------------------------------------------------- peer step
# Everything in this section runs in the interpreter that has the peer installed; it
# needs spaCy and the peer, and nothing from quoteattr.


def _token_triple(triple: Any, offset: int = 0) -> Triple:
    """A (speaker tokens, cue tokens, content span) triple as original token indices."""
    speaker = tuple(offset + t.i for t in triple.speaker)
    cue = tuple(offset + t.i for t in triple.cue)
    content = (offset + triple.content.start, offset + triple.content.end)
    return speaker, cue, content


def _chars(doc: Any, tokens: Sequence[int]) -> Optional[List[int]]:
    """The character extent (first token's start to last token's end) of token indices."""
    if not tokens:
        return None
    first, last = doc[min(tokens)], doc[max(tokens)]
    return [first.idx, last.idx + len(last.text)]


def paragraphs(doc: Any) -> List[Tuple[int, int]]:
    """Token ranges of the paragraphs: runs of tokens between newline-bearing whitespace."""
    ranges, start = [], None
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            if start is not None:
                ranges.append((start, tok.i))
            start = None
        elif start is None:
            start = tok.i
    if start is not None:
        ranges.append((start, len(doc)))
    return ranges


def sayswho_copy(doc: Any) -> Any:
    """A copy of ``doc`` with the token texts sayswho's own preprocessing would give.

    sayswho rewrites ``''`` as ``"`` and collapses blank lines to one newline before it
    parses; here each ``''`` token becomes ``"`` and each whitespace token holding a
    newline becomes one ``"\\n"``. Tokens keep their indices and all annotations (tags,
    lemmas, parse, entities), so token indices found on the copy are valid on ``doc``.
    """
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
    from spacy.tokens import Doc

    def word(tok: Any) -> str:
        if tok.is_space and "\n" in tok.text:
            return "\n"
        return '"' if tok.text == "''" else tok.text

    copy = Doc(doc.vocab, words=[word(t) for t in doc],
               spaces=[bool(t.whitespace_) for t in doc])
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
    copy.from_array(attrs, doc.to_array(attrs))
    return copy


def _textacy(doc: Any, by_paragraph: bool) -> List[Triple]:
    from textacy.extract.triples import direct_quotations

    if not by_paragraph:
        return [_token_triple(t) for t in direct_quotations(doc)]
    triples, failures = [], []
    for start, end in paragraphs(doc):
        try:
            part = doc[start:end].as_doc()
            triples.extend(_token_triple(t, start) for t in direct_quotations(part))
        except ValueError as exc:  # the unbalanced-quote bail-out, per paragraph now
            failures.append(str(exc))
    if failures:
        print(f"note: {doc.user_data.get('doc_id')}: textacy skipped {len(failures)} "
              f"paragraph(s): {failures[0][:60]}", file=sys.stderr)
    return triples


def _sayswho(doc: Any, by_paragraph: bool) -> List[Triple]:
    from sayswho.quote_finder import quote_finder

    copy = sayswho_copy(doc)
    if not by_paragraph:
        return [_token_triple(t) for t in quote_finder(copy)]
    triples = []
    for start, end in paragraphs(copy):
        part = copy[start:end].as_doc()
        triples.extend(_token_triple(t, start) for t in quote_finder(part))
    return triples


FINDERS: Dict[str, Callable[[Any, bool], List[Triple]]] = {
    "textacy": _textacy,
    "sayswho": _sayswho,
}


def peer_version(peer: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(peer)
    except PackageNotFoundError:
        return "unknown"


def run_peer(peer: str, docbin: Path, stems: Sequence[str], by_paragraph: bool) -> Dict[str, Any]:
    """Run one peer on the DocBin's documents in ``stems``: spans, timings and versions."""
    import spacy
    from spacy.tokens import DocBin

    importlib.import_module(MODULES[peer])  # import time is not the peer's run time
    find = FINDERS[peer]
    load = time.perf_counter()
    docs = {
        doc.user_data.get("doc_id"): doc
        for doc in DocBin().from_disk(docbin).get_docs(spacy.blank("en").vocab)
    }
    load = time.perf_counter() - load
    missing = [s for s in stems if s not in docs]
    if missing:
        print(f"warning: {len(missing)} documents are not in {docbin}", file=sys.stderr)
    out = []
    for stem in stems:
        if stem not in docs:
            continue
        doc = docs[stem]
        start, error, triples = time.perf_counter(), None, []
        try:
            triples = find(doc, by_paragraph)
        except Exception as exc:  # a crash on one document must not end the benchmark
            error = f"{type(exc).__name__}: {exc}"
            print(f"warning: {stem}: {error}", file=sys.stderr)
        seconds = time.perf_counter() - start
        spans = [
            {"content": _chars(doc, range(c[0], c[1])), "speaker": _chars(doc, s),
             "cue": _chars(doc, q)}
            for s, q, c in triples
        ]
        out.append({"doc_id": stem, "text": doc.text, "seconds": seconds,
                    "error": error, "spans": spans})
    return {
        "peer": peer,
        "version": peer_version(peer),
        "spacy": spacy.__version__,
        "python": sys.version.split()[0],
        "by_paragraph": by_paragraph,
        "docbin_seconds": load,
        "docs": out,
    }


def importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def peer_output(peer: str, args: argparse.Namespace, docbin: Path) -> Dict[str, Any]:
    """The peer step, here when the peer imports, else in ``--python``'s interpreter."""
    if importable(MODULES[peer]) and args.python is None:
        return run_peer(peer, docbin, stems_of(args), args.by_paragraph)
    if args.python is None:
        sys.exit(
            f"{peer} cannot be imported by {sys.executable}. It is not a quoteattr "
            f"dependency; install it into a separate virtualenv and point --python at "
            f"it:\n    {INSTALL}\n    python benchmarks/peers.py --peer {peer} "
            f"--python /tmp/peers/bin/python"
        )
    command = [str(args.python), str(Path(__file__).resolve()), "--dump",
               "--peer", peer, "--split", args.split, "--data", str(args.data_dir),
               "--spacy", str(docbin)]
    if args.limit is not None:
        command += ["--limit", str(args.limit)]
    if args.by_paragraph:
        command.append("--by-paragraph")
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"the {peer} step failed in {args.python} (exit {done.returncode}); "
                 f"is {peer} installed there? {INSTALL}")
    return json.loads(done.stdout)


# --------------------------------------------------------------------------- main


def stems_of(args: argparse.Namespace) -> List[str]:
    """The documents ``polnear.py`` scores: one per CoNLL-U file of the split."""
    stems = sorted(p.stem for p in (args.data_dir / args.split / "conllu").glob("*.conllu"))
    return stems[: args.limit] if args.limit is not None else stems


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", choices=PEERS + ("all",), default="textacy",
                        help="which peer to score (default: textacy)")
    parser.add_argument("--python", type=Path, metavar="PYTHON",
                        help="run the peer step in this interpreter (one with the peer)")
    parser.add_argument("--split", default="dev", help="PolNeAR split folder (default: dev)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="PolNeAR folder (default: ../shared/polnear from the repo root)")
    parser.add_argument("--spacy", type=Path, metavar="DOCBIN",
                        help="parsed documents (default: SPLIT/spacy/en_core_web_md.spacy)")
    parser.add_argument("--by-paragraph", action="store_true",
                        help="run the peer on each paragraph as its own Doc")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print up to N examples of each kind of error")
    parser.add_argument("--limit", type=int, metavar="K", help="only the first K documents")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    parser.add_argument("--dump", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    data = args.data
    if not data.is_absolute() and not data.exists() and (REPO / data).exists():
        data = REPO / data  # a relative --data also works as given from the repo root
    args.data_dir = data.resolve()
    return args


def score_peer(peer: str, args: argparse.Namespace, docbin: Path) -> Dict[str, Any]:
    split_dir = args.data_dir / args.split
    wall = time.perf_counter()
    output = peer_output(peer, args, docbin)
    runs = [
        Run(d["doc_id"], d["text"], to_quotes(d["text"], d["spans"], peer),
            d["seconds"], d["error"])
        for d in output["docs"]
    ]
    results = score_runs(split_dir, runs)
    summary, rules, times = summarize(results), by_rule(results), timing(runs)
    times["wall_seconds"] = time.perf_counter() - wall
    times["docbin_seconds"] = output["docbin_seconds"]
    failed = [{"doc": r.doc_id, "error": r.error} for r in runs if r.error]

    mode = " · by paragraph" if output["by_paragraph"] else ""
    print(f"PolNeAR {args.split} · {peer} {output['version']} (spaCy {output['spacy']}, "
          f"Python {output['python']}) on {docbin.name}{mode} · {len(runs)} documents"
          + (f" · {len(failed)} failed" if failed else ""))
    print_tables(summary)
    print()
    print_counts(summary)
    print(f"\ntime in {peer}: {times['total_seconds']:.2f} s, "
          f"{times['docs_per_second']:.1f} docs/s, "
          f"{1000 * times['seconds_per_doc']:.1f} ms/doc "
          f"(slowest {1000 * times['slowest_doc_seconds']:.0f} ms); "
          f"DocBin load {times['docbin_seconds']:.2f} s; whole run {times['wall_seconds']:.2f} s")
    if failed:
        print(f"failed documents ({len(failed)}):")
        for f in failed:
            print(f"  {f['doc']}: {f['error'][:100]}")
    print()
    print_rules(rules)
    if args.errors:
        print_errors(results, args.errors)
    return {
        "split": args.split,
        "source": f"{peer}:{docbin}",
        "peer": peer,
        "version": output["version"],
        "spacy": output["spacy"],
        "by_paragraph": output["by_paragraph"],
        "docs": len(runs),
        "failed": failed,
        "timing": times,
        "tables": summary,
        "rules": {rule: dict(c) for rule, c in rules.items()},
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    if not (args.data_dir / args.split / "conllu").is_dir():
        sys.exit(f"no {args.data_dir / args.split / 'conllu'}: pass --data (the PolNeAR folder)")
    docbin = args.spacy or args.data_dir / args.split / "spacy" / "en_core_web_md.spacy"
    if not docbin.exists():
        sys.exit(f"no DocBin at {docbin}: pass --spacy")
    peers = PEERS if args.peer == "all" else (args.peer,)

    if args.dump:  # the peer step for a parent process running another interpreter
        if args.peer == "all":
            sys.exit("--dump takes one peer")
        json.dump(run_peer(args.peer, docbin, stems_of(args), args.by_paragraph), sys.stdout)
        return 0

    reports = []
    for i, peer in enumerate(peers):
        if i:
            print("\n")
        reports.append(score_peer(peer, args, docbin))
    if args.json:
        args.json.write_text(json.dumps(reports if len(reports) > 1 else reports[0], indent=2)
                             + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
