"""Score quoteattr on PolNeAR (dev by default) with the metric of DESIGN.md "Scoring".

    python benchmarks/polnear.py [--split dev] [--data ../shared/polnear]
                                 [--spacy DOCBIN] [--oracle] [--errors N]
                                 [--limit K] [--json OUT] [--no-noun-phrases]
    python benchmarks/polnear.py --split train --cv 5 [--spacy DOCBIN] [--without NAME ...] [--ablate]

By default every ``SPLIT/conllu/STEM.conllu`` is run through ``quoteattr.from_conllu``
with the text of ``SPLIT/text/STEM.txt``; ``--spacy`` runs ``quoteattr.from_spacy`` on
the documents of a spaCy DocBin instead, and ``--oracle`` scores the gold against itself
(a check of the scorer that must print 100). See docs/evaluation.md.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "polnear"  # ../shared/polnear from the repo root
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.entities import entity_figures, entity_line  # noqa: E402
from benchmarks.scoring import (  # noqa: E402
    TABLES,
    DocResult,
    Gold,
    by_rule,
    distance,
    oracle_quotes,
    read_brat,
    score_document,
    shared,
    summarize,
)


# --------------------------------------------------------------------------- data


def read_text(path: Path) -> str:
    """A file's text exactly as stored (no newline translation, so offsets hold)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


@functools.lru_cache(maxsize=None)
def gold_files(split_dir: Path) -> Dict[str, Path]:
    """Doc id -> its ``.ann`` file; the first annotator's file when there are several."""
    files: Dict[str, Path] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        stem = path.stem.rsplit("_", 1)[0]
        files.setdefault(stem, path)
    return files


def load_gold(split_dir: Path, doc_id: str, text: str) -> List[Gold]:
    """The gold attributions of one document (empty when it has no ``.ann`` file)."""
    path = gold_files(split_dir).get(doc_id)
    return read_brat(read_text(path), text, doc_id) if path else []


@dataclass
class Run:
    """The system's output on one document, with how long it took."""

    doc_id: str
    text: str
    quotes: List[Any] = field(default_factory=list)
    seconds: float = 0.0
    error: Optional[str] = None


def _timed(doc_id: str, text: str, call: Callable[[], List[Any]]) -> Run:
    start = time.perf_counter()
    try:
        quotes, error = list(call()), None
    except Exception as exc:  # a crash on one document must not end the benchmark
        quotes = []
        error = f"{type(exc).__name__}: {exc}"
        print(f"warning: {doc_id}: {error}", file=sys.stderr)
        traceback.print_exc(limit=3, file=sys.stderr)
    return Run(doc_id, text, quotes, time.perf_counter() - start, error)


def _system(name: str) -> Callable[..., List[Any]]:
    import quoteattr

    func = getattr(quoteattr, name, None)
    if func is None:
        sys.exit(f"quoteattr.{name} does not exist yet; use --oracle to check the scorer")
    return func


def _sieves(without: Sequence[str]) -> Any:
    """The default chain less the sieves named in ``without`` (``None``: the default)."""
    if not without:
        return None
    from benchmarks.cv import chain

    return chain(without)


def run_conllu(split_dir: Path, stems: Sequence[str], without: Sequence[str] = (), **options: Any) -> List[Run]:
    """Run ``quoteattr.from_conllu`` on each document's CoNLL-U file and text, without the
    sieves named in ``without`` (``options`` are its keywords, e.g. ``noun_phrases=False``)."""
    from_conllu = _system("from_conllu")
    sieves = _sieves(without)
    runs = []
    for stem in stems:
        text = read_text(split_dir / "text" / f"{stem}.txt")
        path = split_dir / "conllu" / f"{stem}.conllu"
        runs.append(_timed(stem, text, lambda p=path, t=text: from_conllu(p, text=t, sieves=sieves, **options)))
    return runs


def run_spacy(docbin: Path, stems: Sequence[str], without: Sequence[str] = (), **options: Any) -> List[Run]:
    """Run ``quoteattr.from_spacy`` on the DocBin's documents whose ids are in ``stems``."""
    import spacy
    from spacy.tokens import DocBin

    from_spacy = _system("from_spacy")
    docs = {
        doc.user_data.get("doc_id"): doc
        for doc in DocBin().from_disk(docbin).get_docs(spacy.blank("en").vocab)
    }
    missing = [s for s in stems if s not in docs]
    if missing:
        print(f"warning: {len(missing)} documents are not in {docbin}", file=sys.stderr)
    sieves = _sieves(without)
    return [_timed(s, docs[s].text, lambda d=docs[s]: from_spacy(d, sieves=sieves, **options))
            for s in stems if s in docs]


def run_oracle(split_dir: Path, stems: Sequence[str]) -> List[Run]:
    """The gold itself as the system: every score must come out at 100."""
    runs = []
    for stem in stems:
        text = read_text(split_dir / "text" / f"{stem}.txt")
        golds = load_gold(split_dir, stem, text)
        runs.append(_timed(stem, text, lambda g=golds, t=text: oracle_quotes(g, t)))
    return runs


def score_runs(split_dir: Path, runs: Iterable[Run]) -> List[DocResult]:
    """Score each run against its document's gold."""
    results = []
    for run in runs:
        gold_text = read_text(split_dir / "text" / f"{run.doc_id}.txt")
        if gold_text != run.text:
            print(f"warning: {run.doc_id}: the parsed text differs from text/", file=sys.stderr)
        for q in run.quotes:
            if run.text[q.start : q.end] != q.text:
                print(f"warning: {run.doc_id}: quote {q.start}:{q.end} text does not "
                      "match its offsets", file=sys.stderr)
        golds = load_gold(split_dir, run.doc_id, gold_text)
        results.append(score_document(run.doc_id, gold_text, golds, run.quotes))
    return results


# --------------------------------------------------------------------------- printing


def short(text: str, width: int = 110) -> str:
    """One line, at most ``width`` characters, the middle elided when too long."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    half = (width - 3) // 2
    return f"{text[:half]} … {text[-half:]}"


def _mention(obj: Any) -> str:
    if obj is None:
        return "-"
    entity = getattr(obj, "entity", None)
    extra = f" -> {entity}" if entity and entity != obj.text else ""
    return f"{short(obj.text, 50)!r} [{obj.start}:{obj.end}]{extra}"


def _gold_part(text: str, pieces: Sequence[Tuple[int, int]]) -> str:
    if not pieces:
        return "-"
    where = ";".join(f"{s}:{e}" for s, e in pieces)
    return f"{short(text, 50)!r} [{where}]"


def print_tables(summary: Dict[str, Dict[str, Any]]) -> None:
    head = f"{'':9}{'quote P':>8}{'R':>7}{'F1':>7}  {'attr P':>7}{'R':>7}{'F1':>7}"
    head += f"  {'exact F1':>8}  {'cue acc':>7}  {'gold':>5}  {'system':>6}"
    print(head)
    for table in TABLES:
        m, c = summary[table]["metrics"], summary[table]["counts"]
        print(
            f"{table:9}{m['quote_p']:8.1f}{m['quote_r']:7.1f}{m['quote_f1']:7.1f}  "
            f"{m['attribution_p']:7.1f}{m['attribution_r']:7.1f}{m['attribution_f1']:7.1f}  "
            f"{m['exact_f1']:8.1f}  {m['cue_accuracy']:7.1f}  "
            f"{c.get('gold', 0):5d}  {c.get('system', 0):6d}"
        )


def print_counts(summary: Dict[str, Dict[str, Any]]) -> None:
    keys = ("gold", "found", "attr_found", "exact_gold",
            "system", "matched", "attr_matched", "exact_system", "cue_ok")
    print(f"{'counts':9}" + "".join(f"{k:>13}" for k in keys))
    for table in TABLES:
        c = summary[table]["counts"]
        print(f"{table:9}" + "".join(f"{c.get(k, 0):13d}" for k in keys))


def timing(runs: Sequence[Run]) -> Dict[str, float]:
    total = sum(r.seconds for r in runs)
    n = len(runs)
    return {
        "docs": n,
        "total_seconds": total,
        "docs_per_second": n / total if total else 0.0,
        "seconds_per_doc": total / n if n else 0.0,
        "slowest_doc_seconds": max((r.seconds for r in runs), default=0.0),
    }


def print_rules(rules: Dict[str, Any], cue: bool = True) -> None:
    """One line per ``Quote.rule``; ``cue=False`` leaves out the cue column (for gold
    without cues) and adds the share of the rule's matched quotes with the right speaker."""
    last = f"{'cue ok':>7}" if cue else ""
    print(f"{'rule':24}{'system':>7}{'matched':>8}{'spk ok':>7}{last}"
          f"{'false al.':>10}{'wrong spk':>10}{'P':>7}{'attr P':>7}"
          + ("" if cue else f"{'spk acc':>8}"))
    for rule, c in sorted(rules.items(), key=lambda kv: -kv[1]["system"]):
        n, m = c["system"], c["matched"]
        line = (f"{rule[:23]:24}{n:7d}{m:8d}{c['speaker_ok']:7d}"
                + (f"{c['cue_ok']:7d}" if cue else "")
                + f"{c['false_alarm']:10d}{c['wrong_speaker']:10d}"
                f"{100 * m / n:7.1f}{100 * c['speaker_ok'] / n:7.1f}")
        if not cue:
            line += f"{100 * c['speaker_ok'] / m if m else 0.0:8.1f}"
        print(line)


def _sample(items: List[Any], n: int) -> List[Any]:
    """Up to ``n`` items spread over all documents (seeded, so runs are comparable)."""
    if len(items) <= n:
        return items
    keep = set(random.Random(0).sample(range(len(items)), n))
    return [item for i, item in enumerate(items) if i in keep]


def print_errors(results: Sequence[DocResult], n: int) -> None:
    """Up to ``n`` missed golds, false alarms and wrong speakers, for reading."""
    missed = [(d, g) for d in results for g in d.golds if not g.found]
    false = [(d, q) for d in results for q in d.quotes if not q.matched]
    wrong = [(d, q) for d in results for q in d.quotes if q.matched and not q.speaker_ok]

    print(f"\n== missed gold ({len(missed)}; showing {min(n, len(missed))}) ==")
    for doc, g in _sample(missed, n):
        gold = g.gold
        print(f"- {doc.doc_id} {gold.id} [{gold.content[0][0]}:{gold.content[-1][1]}] "
              f"{gold.table.lower()} covered {100 * g.coverage:.0f}%")
        print(f"    content: {short(gold.content_text)!r}")
        print(f"    source:  {_gold_part(gold.source_text, gold.source)}"
              f"   cue: {_gold_part(gold.cue_text, gold.cue)}")
        near = min(doc.quotes, default=None,
                   key=lambda q: (-shared(q.span, g.content), distance(q.span, g.content)))
        if near is not None:
            q = near.quote
            print(f"    nearest: [{q.start}:{q.end}] {short(q.text, 80)!r} "
                  f"speaker {_mention(q.speaker)} rule {near.rule}")

    print(f"\n== false alarms ({len(false)}; showing {min(n, len(false))}) ==")
    for doc, r in _sample(false, n):
        q = r.quote
        print(f"- {doc.doc_id} [{q.start}:{q.end}] {getattr(q.kind, 'value', q.kind)} "
              f"rule {r.rule}: {short(q.text)!r}")
        print(f"    speaker {_mention(q.speaker)}   cue {_mention(q.cue)}")

    print(f"\n== wrong speakers ({len(wrong)}; showing {min(n, len(wrong))}) ==")
    for doc, r in _sample(wrong, n):
        q, gold = r.quote, doc.golds[r.gold].gold
        print(f"- {doc.doc_id} [{q.start}:{q.end}] rule {r.rule}: {short(q.text, 80)!r}")
        print(f"    gold source {_gold_part(gold.source_text, gold.source)}"
              f"   system speaker {_mention(q.speaker)}")


# --------------------------------------------------------------------------- main


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", help="PolNeAR split folder (default: dev)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="PolNeAR folder (default: ../shared/polnear from the repo root)")
    parser.add_argument("--spacy", type=Path, metavar="DOCBIN",
                        help="score quoteattr.from_spacy on this DocBin instead of CoNLL-U")
    parser.add_argument("--oracle", action="store_true",
                        help="score the gold against itself (checks the scorer)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print up to N examples of each kind of error")
    parser.add_argument("--limit", type=int, metavar="K", help="only the first K documents")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    parser.add_argument("--no-noun-phrases", dest="noun_phrases", action="store_false",
                        help="leave out reports whose content is a noun phrase (noun_phrases=False)")
    parser.add_argument("--cv", type=int, metavar="K",
                        help="K-fold cross-validation by document (the learned scorer retrained per fold; "
                             "use with --split train); see benchmarks/cv.py")
    parser.add_argument("--without", nargs="+", metavar="NAME", default=[],
                        help="drop these sieves from the chain ('learned' drops the scorer)")
    parser.add_argument("--ablate", action="store_true",
                        help="with --cv: also cross-validate the chain without each sieve in turn")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    data = args.data
    if not data.is_absolute() and not data.exists() and (REPO / data).exists():
        data = REPO / data  # a relative --data also works as given from the repo root
    split_dir = data / args.split
    if not (split_dir / "conllu").is_dir():
        sys.exit(f"no {split_dir / 'conllu'}: pass --data (the PolNeAR folder)")
    stems = sorted(p.stem for p in (split_dir / "conllu").glob("*.conllu"))
    if args.limit is not None:
        stems = stems[: args.limit]
    if args.cv:
        from benchmarks import cv

        return cv.main(args, split_dir, stems)

    wall = time.perf_counter()
    options = {} if args.noun_phrases else {"noun_phrases": False}
    if args.oracle:
        source, runs = "oracle", run_oracle(split_dir, stems)
    elif args.spacy:
        source, runs = f"spacy:{args.spacy}", run_spacy(args.spacy, stems, args.without, **options)
    else:
        source, runs = "conllu", run_conllu(split_dir, stems, args.without, **options)
    if options:
        source += " · noun_phrases=False"
    results = score_runs(split_dir, runs)
    summary, rules, times = summarize(results), by_rule(results), timing(runs)
    times["wall_seconds"] = time.perf_counter() - wall
    failed = [{"doc": r.doc_id, "error": r.error} for r in runs if r.error]

    print(f"PolNeAR {args.split} · {source} · {len(runs)} documents"
          + (f" · {len(failed)} failed" if failed else ""))
    print_tables(summary)
    print()
    print_counts(summary)
    print(f"\ntime in quoteattr: {times['total_seconds']:.2f} s, "
          f"{times['docs_per_second']:.1f} docs/s, "
          f"{1000 * times['seconds_per_doc']:.1f} ms/doc "
          f"(slowest {1000 * times['slowest_doc_seconds']:.0f} ms); "
          f"whole run {times['wall_seconds']:.2f} s")
    entities = None if args.oracle else entity_figures(results)
    if entities:
        print(entity_line(entities))
    print()
    print_rules(rules)
    if args.errors:
        print_errors(results, args.errors)

    if args.json:
        report = {
            "split": args.split,
            "source": source,
            "docs": len(runs),
            "failed": failed,
            "timing": times,
            "tables": summary,
            "rules": {rule: dict(c) for rule, c in rules.items()},
            "entities": entities,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
