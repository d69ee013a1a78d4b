"""Cross-validation on PolNeAR train, and the training data of the learned scorer.

    python benchmarks/polnear.py --cv 5 [--spacy DOCBIN] [--without NAME ...]
    python benchmarks/polnear.py --cv 5 --ablate     # the sieve-removal table

Folds are by document and deterministic: documents sorted by the SHA-1 of their id,
dealt round-robin. For each fold the learned scorer is trained on the other folds'
documents (in process, never on the fold it is scored on) and the chain is scored on
the fold. ``--without`` drops sieves by name from the chain (``learned`` drops the
scorer), so that a hand rule stays only when it helps across folds.
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from benchmarks.scoring import (
    TABLES,
    Gold,
    by_rule,
    score_document,
    shared,
    size,
    summarize,
    trim_pieces,
)

Example = Tuple[List[str], int]


def folds(stems: Sequence[str], k: int = 5) -> List[List[str]]:
    """``k`` disjoint folds covering ``stems``, the same whatever order they come in."""
    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    ordered = sorted(set(stems), key=lambda s: (hashlib.sha1(s.encode("utf-8")).hexdigest(), s))
    return [ordered[i::k] for i in range(k)]


# --------------------------------------------------------------------------- documents


def load_documents(split_dir: Path, stems: Sequence[str], docbin: Optional[Path] = None) -> Dict[str, Any]:
    """Doc id -> parsed :class:`quoteattr.parsed.Document` (CoNLL-U, or a spaCy DocBin)."""
    from benchmarks.polnear import read_text
    from quoteattr.parsed import read_conllu

    if docbin is None:
        return {s: read_conllu(split_dir / "conllu" / f"{s}.conllu",
                               read_text(split_dir / "text" / f"{s}.txt")) for s in stems}
    import spacy
    from spacy.tokens import DocBin

    from quoteattr.spacy_input import document_from_spacy

    wanted = set(stems)
    out = {}
    for doc in DocBin().from_disk(docbin).get_docs(spacy.blank("en").vocab):
        stem = doc.user_data.get("doc_id")
        if stem in wanted:
            out[stem] = document_from_spacy(doc)
    return out


def chain(without: Sequence[str] = (), model: Any = None, record: Optional[list] = None) -> Tuple[Any, ...]:
    """The default chain less the sieves named in ``without``, its learned step using
    ``model`` (or recording its candidates into ``record``)."""
    from quoteattr.attribution import DEFAULT_SIEVES
    from quoteattr.attribution.learned import Learned

    known = {s.name for s in DEFAULT_SIEVES}
    unknown = set(without) - known
    if unknown:
        sys.exit(f"--without: no sieve named {', '.join(sorted(unknown))}; the chain has {', '.join(sorted(known))}")
    out = []
    for s in DEFAULT_SIEVES:
        if s.name in without:
            continue
        if isinstance(s, Learned):
            s = Learned(model, revise=s.revise, threshold=s.threshold, margin=s.margin, record=record)
        out.append(s)
    return tuple(out)


# --------------------------------------------------------------------------- training data


def _gold_for(text: str, span: Tuple[int, int], golds: Sequence[Gold]) -> Optional[Gold]:
    """The gold attribution a system quote over ``span`` would be matched to."""
    mine = trim_pieces(text, [span])
    best, key = None, None
    for n, g in enumerate(golds):
        ov = shared(mine, trim_pieces(text, g.content))
        k = (ov, -size(g.content), -n)
        if ov > 0 and (key is None or k > key):
            best, key = g, k
    return best if best is not None and 2 * key[0] >= size(mine) else None


def examples_of(doc: Any, golds: Sequence[Gold], without: Sequence[str] = ()) -> List[Example]:
    """Labelled candidates of one document: a candidate is right when its noun phrase
    overlaps the source of the gold attribution its quote matches."""
    from quoteattr.attribution import attribute
    from quoteattr.speakers import noun_phrase

    record: list = []
    attribute(doc, sieves=chain(without, record=record))
    text, tokens = doc.text, doc.tokens
    out = []
    for ctx, quote, cands in record:
        gold = _gold_for(text, (quote.start, quote.end), golds)
        source = trim_pieces(text, gold.source) if gold is not None else ()
        inside = {i for i in range(len(tokens)) if ctx.unit_of[i] >= 0}
        for c in cands:
            label = 0
            if source:
                a, b = noun_phrase(doc, c.token, avoid=inside)
                label = int(shared(trim_pieces(text, [(tokens[a].start, tokens[b].end)]), source) > 0)
            out.append((c.features, label))
    return out


def training_examples(split_dir: Path, docs: Dict[str, Any], without: Sequence[str] = ()) -> Dict[str, List[Example]]:
    """Doc id -> its labelled candidates."""
    from benchmarks.polnear import load_gold

    return {s: examples_of(d, load_gold(split_dir, s, d.text), without) for s, d in docs.items()}


def train_on(examples: Dict[str, List[Example]], stems: Sequence[str], seed: int = 0) -> Any:
    from quoteattr.attribution.learned import train

    data = [e for s in sorted(stems) for e in examples.get(s, ())]
    return train(data, seed=seed)


# --------------------------------------------------------------------------- cross-validation


def _fold_scores(split_dir: Path, docs: Dict[str, Any], stems: Sequence[str], sieves: Sequence[Any],
                 rules: Optional[Dict[str, Any]] = None) -> Dict[str, float]:
    from benchmarks.polnear import load_gold
    from quoteattr.attribution import attribute

    results = []
    for s in stems:
        doc = docs[s]
        quotes = list(attribute(doc, sieves=sieves))
        results.append(score_document(s, doc.text, load_gold(split_dir, s, doc.text), quotes))
    summary = summarize(results)
    if rules is not None:
        for rule, counts in by_rule(results).items():
            rules.setdefault(rule, counts.__class__()).update(counts)
    return {t: summary[t]["metrics"]["attribution_f1"] for t in TABLES}


def cross_validate(split_dir: Path, docs: Dict[str, Any], k: int = 5, without: Sequence[str] = (),
                   examples: Optional[Dict[str, List[Example]]] = None,
                   rules: Optional[Dict[str, Any]] = None) -> List[Dict[str, float]]:
    """Attribution F1 per table for each of ``k`` folds, the scorer retrained per fold;
    ``rules``, when a dict, gathers the per-rule counts of every held-out fold."""
    parts = folds(list(docs), k)
    learned = "learned" not in without
    if learned and examples is None:
        examples = training_examples(split_dir, docs, without)
    out = []
    for n, fold in enumerate(parts):
        model = None
        if learned:
            rest = [s for m, part in enumerate(parts) if m != n for s in part]
            model = train_on(examples, rest)
        out.append(_fold_scores(split_dir, docs, fold, chain(without, model=model), rules))
    return out


def mean_sd(values: Sequence[float]) -> Tuple[float, float]:
    return statistics.mean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)


def print_cv(per_fold: Sequence[Dict[str, float]], label: str) -> None:
    print(f"{label}: attribution F1 per fold")
    print(f"{'fold':6}" + "".join(f"{t:>10}" for t in TABLES))
    for n, scores in enumerate(per_fold):
        print(f"{n + 1:<6}" + "".join(f"{scores[t]:10.1f}" for t in TABLES))
    print(f"{'mean':6}" + "".join("{:>10}".format("%.1f±%.1f" % mean_sd([f[t] for f in per_fold])) for t in TABLES))


def main(args: Any, split_dir: Path, stems: Sequence[str]) -> int:
    wall = time.perf_counter()
    docs = load_documents(split_dir, stems, args.spacy)
    source = f"spacy:{args.spacy}" if args.spacy else "conllu"
    rules: Dict[str, Any] = {}
    base = cross_validate(split_dir, docs, args.cv, tuple(args.without or ()), rules=rules)
    label = f"PolNeAR {args.split} · {source} · {len(docs)} documents · {args.cv}-fold CV"
    if args.without:
        label += " · without " + ", ".join(args.without)
    print_cv(base, label)
    from benchmarks.polnear import print_rules

    print("\nby rule, every fold scored by the scorer trained without it:")
    print_rules(rules)
    if args.ablate:
        from quoteattr.attribution import DEFAULT_SIEVES

        print("\nremoving one sieve at a time (delta = without − with; helps = folds where the sieve helps ALL/DIRECT)")
        print(f"{'sieve':16}{'ALL Δ':>12}{'DIRECT Δ':>12}{'helps ALL':>11}{'helps DIR':>11}")
        for s in DEFAULT_SIEVES:
            names = tuple(args.without or ()) + (s.name,)
            if s.name in (args.without or ()):
                continue
            cut = cross_validate(split_dir, docs, args.cv, names)
            row = f"{s.name:16}"
            for t in ("ALL", "DIRECT"):
                m, sd = mean_sd([c[t] - b[t] for c, b in zip(cut, base)])
                row += "{:>12}".format("%+.2f±%.2f" % (m, sd))
            for t in ("ALL", "DIRECT"):
                row += "{:>11}".format("%d/%d" % (sum(c[t] < b[t] for c, b in zip(cut, base)), len(base)))
            print(row, flush=True)
    print(f"\nwhole run {time.perf_counter() - wall:.0f} s")
    return 0
