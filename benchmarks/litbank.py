"""Score quoteattr on LitBank's quotations in fiction with the metric of its README.

    python benchmarks/litbank.py [--data ../shared/litbank] [--gold JSONL] [--spacy DOCBIN]
                                 [--limit K] [--doc ID ...] [--oracle] [--rules]
                                 [--errors N] [--json OUT] [--without NAME ...]

Each excerpt of the DocBin (``en_core_web_md.spacy`` in the data folder) goes to
``quoteattr.from_spacy`` and is paired with its gold line of ``litbank.jsonl`` by
``doc.user_data["doc_id"]``. Only quotes of kind ``direct`` or ``mixed`` are scored: the
gold annotates direct speech alone. ``--oracle`` scores the gold against itself (each
quote with the speaker mention nearest to it), which must print 100.

The metric (the data folder's README.md, spelled out in docs/fiction.md): spans are
trimmed of whitespace, quotation marks, dashes and ``, . ; : ! ?``; a system quote matches
the gold quote it shares the most characters with when they share at least half of the
system quote; a gold quote is found when the quotes matching it cover at least half of
it. A matched quote has the right speaker when its speaker span overlaps any mention of
the gold speaking entity. Quote and attribution P/R/F1 are computed as for PolNeAR (by
``benchmarks/scoring.py``); speaker accuracy is the share of found gold quotes whose
best-matching system quote (the one sharing most characters with it) has the right
speaker.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.polnear import (  # noqa: E402
    Run,
    _sample,
    _timed,
    print_rules,
    run_spacy,
    short,
    timing,
)
from benchmarks.scoring import (  # noqa: E402
    QUOTE_MARKS,
    DocResult,
    Gold,
    GoldResult,
    Interval,
    QuoteResult,
    by_rule,
    count,
    metrics,
    score_document,
)


def _default_data() -> Path:
    """The nearest ``shared/litbank`` above the repository (a worktree may sit deeper)."""
    for parent in REPO.parents:
        if (parent / "shared" / "litbank").is_dir():
            return parent / "shared" / "litbank"
    return REPO.parent / "shared" / "litbank"


DEFAULT_DATA = _default_data()
GOLD_FILE = "litbank.jsonl"
DOCBIN_FILE = "en_core_web_md.spacy"

#: Hyphen, the Unicode hyphens and dashes, and the minus sign: dialogue dashes in fiction.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
#: What LitBank's metric trims from span edges besides whitespace.
LITBANK_TRIM = frozenset(QUOTE_MARKS + DASHES + ",.;:!?")
#: Quote kinds that are scored (the gold has direct speech only).
SCORED_KINDS = ("direct", "mixed")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Excerpt:
    """One gold line of ``litbank.jsonl``: the text and its quotes as stored."""

    doc_id: str
    title: str
    text: str
    quotes: Tuple[Dict[str, Any], ...]


def load_excerpts(path: Path) -> Dict[str, Excerpt]:
    """Doc id -> excerpt, in file order."""
    excerpts: Dict[str, Excerpt] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                excerpts[row["doc_id"]] = Excerpt(
                    row["doc_id"], row.get("title", ""), row["text"], tuple(row["quotes"]))
    return excerpts


def to_gold(excerpt: Excerpt) -> List[Gold]:
    """The excerpt's quotes as scorer gold: content is the quote, source every mention of
    the speaking entity (a system speaker overlapping any of them is right)."""
    golds = []
    for i, q in enumerate(excerpt.quotes):
        start, end = q["start"], q["end"]
        golds.append(Gold(
            doc_id=excerpt.doc_id,
            id=f"Q{i}",
            content=((start, end),),
            source=tuple(sorted((int(s), int(e)) for s, e in q.get("speaker_mentions", ()))),
            content_text=excerpt.text[start:end],
            source_text=q.get("speaker_name", ""),
        ))
    return golds


def paragraphs(text: str) -> List[Interval]:
    """``(start, end)`` of each paragraph, by the rule quoteattr's mark finder uses
    (trailing whitespace left out)."""
    from quoteattr.marks import paragraph_starts

    starts = paragraph_starts(text)
    ends = starts[1:] + [len(text)]
    return [(s, s + len(text[s:e].rstrip())) for s, e in zip(starts, ends)]


def paragraph_index(spans: Sequence[Interval], offset: int) -> int:
    """Index of the paragraph holding ``offset`` (the previous one when between two)."""
    index = 0
    for i, (start, _) in enumerate(spans):
        if start > offset:
            break
        index = i
    return index


def nearest_mention(mentions: Sequence[Interval], start: int) -> Optional[Interval]:
    """The mention closest to ``start``, preferring one before it on a tie."""
    return min(mentions, default=None, key=lambda m: (abs(m[0] - start), m[0] > start))


# --------------------------------------------------------------------------- running


def scored_quotes(quotes: Sequence[Any]) -> List[Any]:
    """The quotes the metric looks at: kind direct or mixed."""
    return [q for q in quotes if str(getattr(q.kind, "value", q.kind)) in SCORED_KINDS]


def run_oracle(excerpts: Dict[str, Excerpt], doc_ids: Sequence[str]) -> List[Run]:
    """The gold as the system, each quote spoken by its nearest gold mention."""
    from quoteattr.model import Quote, Speaker

    def quotes(ex: Excerpt) -> List[Any]:
        out = []
        for q in ex.quotes:
            s, e = q["start"], q["end"]
            near = nearest_mention([tuple(m) for m in q["speaker_mentions"]], s)
            speaker = Speaker(near[0], near[1], ex.text[near[0]:near[1]]) if near else None
            out.append(Quote(s, e, ex.text[s:e], "direct", speaker=speaker, rule="gold"))
        return out

    return [_timed(d, excerpts[d].text, lambda ex=excerpts[d]: quotes(ex)) for d in doc_ids]


def score_runs(excerpts: Dict[str, Excerpt], runs: Sequence[Run]) -> List[DocResult]:
    """Score each run's direct and mixed quotes against its excerpt's gold."""
    results = []
    for run in runs:
        excerpt = excerpts[run.doc_id]
        if excerpt.text != run.text:
            print(f"warning: {run.doc_id}: the parsed text differs from the gold text",
                  file=sys.stderr)
        results.append(score_document(run.doc_id, excerpt.text, to_gold(excerpt),
                                      scored_quotes(run.quotes), chars=LITBANK_TRIM))
    return results


# --------------------------------------------------------------------------- figures


def best_match(doc: DocResult, gold: GoldResult) -> Optional[QuoteResult]:
    """The matched system quote sharing the most characters with ``gold`` (earliest on a tie)."""
    quotes = [doc.quotes[i] for i in gold.matches]
    return max(quotes, default=None, key=lambda q: (q.overlap, -q.span[0][0]))


def speaker_right(doc: DocResult, gold: GoldResult) -> bool:
    """True when the gold quote is found and its best-matching quote has a right speaker."""
    best = best_match(doc, gold)
    return gold.found and best is not None and best.speaker_ok


def figures(results: Sequence[DocResult]) -> Dict[str, Any]:
    """Counts and percentages: quote and attribution P/R/F1, and speaker accuracy."""
    c = count(results)["ALL"]
    c["speaker_right"] = sum(speaker_right(d, g) for d in results for g in d.golds)
    m = metrics(c)
    del m["cue_accuracy"]  # the gold has no cues
    m["speaker_accuracy"] = 100.0 * c["speaker_right"] / c["found"] if c["found"] else 0.0
    keys = ("gold", "found", "attr_found", "speaker_right", "exact_gold",
            "system", "matched", "attr_matched", "exact_system")
    return {"counts": {k: c.get(k, 0) for k in keys}, "metrics": m}


def system_name(oracle: bool) -> str:
    if oracle:
        return "gold (oracle)"
    import quoteattr

    return f"quoteattr {quoteattr.__version__} (spaCy en_core_web_md)"


def print_figures(name: str, fig: Dict[str, Any]) -> None:
    m, c = fig["metrics"], fig["counts"]
    print("| LitBank | quote F1 | attribution F1 | speaker accuracy on found quotes |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| {name} | {m['quote_f1']:.1f} | {m['attribution_f1']:.1f} "
          f"| {m['speaker_accuracy']:.1f} |")
    print()
    print(f"{'':13}{'P':>7}{'R':>7}{'F1':>7}")
    for label, key in (("quote", "quote"), ("attribution", "attribution"), ("exact", "exact")):
        print(f"{label:13}{m[key + '_p']:7.1f}{m[key + '_r']:7.1f}{m[key + '_f1']:7.1f}")
    print(f"\ngold {c['gold']}: found {c['found']}, attribution-found {c['attr_found']}, "
          f"found with the right speaker {c['speaker_right']}; "
          f"system {c['system']}: matched {c['matched']}, with the right speaker "
          f"{c['attr_matched']}")


# --------------------------------------------------------------------------- entities

#: Words left out when names are compared: articles, possessives and the titles that do
#: not tell two people apart. Mr / Mrs / Miss do, so they are compared on their own.
_NAME_STOP = frozenset("the a an of his her their our my your its one".split())
_GENDER_TITLES = {"mr": "mr", "mister": "mr", "sir": "mr", "mrs": "mrs", "miss": "miss",
                  "ms": "miss", "lady": "lady", "lord": "lord"}
#: Pronoun speakers, reported on their own line.
PRONOUNS = frozenset("he she they him her them i we me us".split())


def _name_words(text: str) -> Tuple[set, set]:
    """(content words, gendered titles) of a name, lower case, ``_`` and ``-N`` ids split."""
    import re

    text = re.sub(r"-\d+$", "", text).replace("_", " ")
    words = [w.strip(".,'’").lower() for w in text.split()]
    titles = {_GENDER_TITLES[w] for w in words if w in _GENDER_TITLES}
    return {w for w in words if w and w not in _NAME_STOP and w not in _GENDER_TITLES}, titles


def gold_names(excerpt_text: str, quote: Dict[str, Any]) -> Tuple[set, set]:
    """The words that name a gold speaking entity: its id, its name, and its mentions
    that are names (a capitalised word that is not a pronoun, past the first word)."""
    words, titles = _name_words(quote.get("speaker_entity", ""))
    for text in [quote.get("speaker_name", "")] + [excerpt_text[s:e] for s, e in quote.get("speaker_mentions", ())]:
        parts = text.split()
        if not parts or len(parts) > 4 or parts[0].lower() in PRONOUNS:
            continue
        if text is quote.get("speaker_name") or any(p[:1].isupper() for p in parts[1:]) or \
                (len(parts) == 1 and parts[0][:1].isupper()):
            w, t = _name_words(text)
            words |= w
            titles |= t
    return words, titles


def entity_right(entity: Optional[str], gold: Tuple[set, set]) -> bool:
    """A rough name match: the entity shares a word with the gold names, and a gendered
    title on both sides agrees ("Mrs. Bennet" is not "Mr. Bennet")."""
    if not entity:
        return False
    words, titles = _name_words(entity)
    if titles and gold[1] and not titles & gold[1]:
        return False
    return bool(words & gold[0])


def entity_figures(excerpts: Dict[str, "Excerpt"], results: Sequence[DocResult]) -> Dict[str, Any]:
    """Entity correctness on found quotes whose best match has a right speaker span: does
    ``Speaker.entity`` name the gold entity? Counted for all such quotes and for those
    whose speaker is a pronoun."""
    out = {"all": [0, 0, 0], "pronoun": [0, 0, 0]}  # [right, resolved, total]
    for doc in results:
        excerpt = excerpts[doc.doc_id]
        for g in doc.golds:
            if not speaker_right(doc, g):
                continue
            speaker = best_match(doc, g).quote.speaker
            gold = excerpt.quotes[int(g.gold.id[1:])]
            right = entity_right(speaker.entity, gold_names(excerpt.text, gold))
            keys = ["all"] + (["pronoun"] if speaker.text.lower() in PRONOUNS else [])
            for key in keys:
                out[key][0] += right
                out[key][1] += bool(speaker.entity)
                out[key][2] += 1
    return {k: {"right": r, "resolved": s, "total": t,
                "accuracy": 100.0 * r / t if t else 0.0} for k, (r, s, t) in out.items()}


def print_entities(ent: Dict[str, Any]) -> None:
    a, p = ent["all"], ent["pronoun"]
    print(f"entity accuracy (Speaker.entity names the gold entity, on quotes with a right "
          f"speaker span): {a['right']} of {a['total']} ({a['accuracy']:.1f}); "
          f"pronoun speakers {p['right']} of {p['total']} ({p['accuracy']:.1f}); "
          f"unresolved {a['total'] - a['resolved']}")


# --------------------------------------------------------------------------- errors


def _span_text(text: str, span: Any) -> str:
    if span is None:
        return "-"
    entity = getattr(span, "entity", None)
    extra = f" -> {entity!r}" if entity and entity != span.text else ""
    return f"{short(span.text, 50)!r} [{span.start}:{span.end}]{extra}"


def attribution_errors(results: Sequence[DocResult]) -> List[Tuple[DocResult, GoldResult, str]]:
    """Every gold quote not found with a right speaker: (doc, gold, what went wrong).

    What went wrong is ``missed`` (no system quote found it), ``no speaker`` (the best
    match has none) or ``wrong speaker``.
    """
    return [(doc, g, kind) for doc in results for g in doc.golds
            for kind in [error_kind(doc, g)] if kind]


def error_kind(doc: DocResult, gold: GoldResult) -> Optional[str]:
    """None when the gold quote is found with a right speaker; else ``missed``,
    ``no speaker`` or ``wrong speaker`` (judged on its best-matching quote)."""
    if speaker_right(doc, gold):
        return None
    best = best_match(doc, gold)
    if not gold.found or best is None:
        return "missed"
    return "no speaker" if best.quote.speaker is None else "wrong speaker"


def print_errors(results: Sequence[DocResult], n: int) -> None:
    """Up to ``n`` wrong or missed attributions, seeded sample, with their context."""
    errors = attribution_errors(results)
    kinds = {k: sum(e[2] == k for e in errors) for k in ("missed", "no speaker", "wrong speaker")}
    print(f"\n== wrong or missed attributions ({len(errors)}: "
          + ", ".join(f"{v} {k}" for k, v in kinds.items())
          + f"; showing {min(n, len(errors))}) ==")
    for doc, g, kind in _sample(errors, n):
        (start, end), = g.gold.content
        text = doc.text
        best = best_match(doc, g)
        paras = paragraphs(text)
        here = paragraph_index(paras, start)
        print(f"- {doc.doc_id} {g.gold.id} [{start}:{end}] {kind}"
              + (f" (rule {best.rule})" if best else ""))
        print(f"    quote:  {short(text[start:end], 200)!r}")
        print(f"    ours:   {_span_text(text, best.quote.speaker) if best else '-'}")
        near = nearest_mention(g.gold.source, start)
        where = ""
        if near:
            where = f" (nearest mention {text[near[0]:near[1]]!r} [{near[0]}:{near[1]}])"
        print(f"    gold:   {g.gold.source_text!r}{where}")
        ps, pe = paras[here]
        print(f"    para:   {short(text[ps:pe], 300)!r}")
        if here > 0:
            bs, be = paras[here - 1]
            print(f"    before: {short(text[bs:be], 300)!r}")


# --------------------------------------------------------------------------- main


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"LitBank folder holding {GOLD_FILE} and {DOCBIN_FILE} "
                             "(default: the nearest shared/litbank above the repository)")
    parser.add_argument("--gold", type=Path, metavar="JSONL",
                        help=f"the gold file (default: DATA/{GOLD_FILE})")
    parser.add_argument("--spacy", type=Path, metavar="DOCBIN",
                        help=f"the parsed excerpts (default: DATA/{DOCBIN_FILE})")
    parser.add_argument("--oracle", action="store_true",
                        help="score the gold against itself (checks the scorer)")
    parser.add_argument("--rules", action="store_true",
                        help="print precision per Quote.rule")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print up to N wrong or missed attributions with context")
    parser.add_argument("--limit", type=int, metavar="K", help="only the first K excerpts")
    parser.add_argument("--doc", action="append", metavar="ID",
                        help="only this excerpt (may be repeated)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    parser.add_argument("--without", nargs="+", metavar="NAME", default=[],
                        help="drop these sieves from the chain (as polnear.py --without)")
    return parser.parse_args(argv)


def evaluate(args: argparse.Namespace) -> Tuple[List[Run], List[DocResult], Dict[str, Any]]:
    """Load the data the arguments name, run the system and score it."""
    gold_path = args.gold or args.data / GOLD_FILE
    docbin = args.spacy or args.data / DOCBIN_FILE
    if not gold_path.is_file():
        sys.exit(f"no {gold_path}: pass --data (the LitBank folder) or --gold")
    excerpts = load_excerpts(gold_path)
    doc_ids = list(excerpts)
    if args.doc:
        unknown = [d for d in args.doc if d not in excerpts]
        if unknown:
            sys.exit(f"not in {gold_path}: {', '.join(unknown)}")
        doc_ids = [d for d in doc_ids if d in args.doc]
    if args.limit is not None:
        doc_ids = doc_ids[: args.limit]
    if args.oracle:
        runs = run_oracle(excerpts, doc_ids)
    else:
        if not docbin.is_file():
            sys.exit(f"no {docbin}: pass --data (the LitBank folder) or --spacy")
        runs = run_spacy(docbin, doc_ids, args.without)
    results = score_runs(excerpts, runs)
    info = {
        "gold": str(gold_path),
        "spacy": None if args.oracle else str(docbin),
        "system": system_name(args.oracle),
        "docs": len(runs),
        "unscored_indirect": sum(len(r.quotes) - len(scored_quotes(r.quotes)) for r in runs),
        "failed": [{"doc": r.doc_id, "error": r.error} for r in runs if r.error],
    }
    return runs, results, info


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    wall = time.perf_counter()
    runs, results, info = evaluate(args)
    fig, rules, times = figures(results), by_rule(results), timing(runs)
    times["wall_seconds"] = time.perf_counter() - wall

    print(f"LitBank · {info['docs']} excerpts"
          + (f" · {len(info['failed'])} failed" if info["failed"] else "")
          + f" · {fig['counts']['system']} direct or mixed quotes scored"
          f" ({info['unscored_indirect']} indirect left out)\n")
    print_figures(info["system"], fig)
    print(f"\ntime in quoteattr: {times['total_seconds']:.2f} s "
          f"({1000 * times['seconds_per_doc']:.0f} ms/excerpt); "
          f"whole run {times['wall_seconds']:.2f} s")
    entities = None if args.oracle else entity_figures(load_excerpts(Path(info["gold"])), results)
    if entities:
        print_entities(entities)
    if args.rules:
        print()
        print_rules(rules, cue=False)
    if args.errors:
        print_errors(results, args.errors)

    if args.json:
        report = dict(info, timing=times, **fig, entities=entities,
                      rules={rule: dict(c) for rule, c in rules.items()})
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
