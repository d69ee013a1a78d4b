"""Reading brat attribution files and scoring quotes against them.

The metric is the one DESIGN.md ("Scoring") defines; docs/evaluation.md explains it and
the counting rules this module adds where the design leaves a choice open. Everything
here is pure: text and spans in, counts out. The command line lives in ``polnear.py``.

A system quote is any object with ``start``, ``end``, ``kind``, ``speaker``, ``cue`` and
``rule`` attributes (``quoteattr.Quote`` in practice); ``speaker`` and ``cue`` are
``None`` or objects with ``start`` and ``end``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import AbstractSet, Any, Dict, Iterable, List, Optional, Sequence, Tuple

Interval = Tuple[int, int]

#: Characters stripped from both edges of every span before comparing.
QUOTE_MARKS = "\"'`“”„‟«»‹›‘’‚‛「」『』"
TRIM_CHARS = frozenset(QUOTE_MARKS + ",.;:")
#: A gold content with one of these is a direct attribution.
DOUBLE_QUOTES = "\"“”"

TABLES = ("ALL", "DIRECT", "INDIRECT")


# --------------------------------------------------------------------------- spans


def trim(text: str, start: int, end: int, chars: AbstractSet[str] = TRIM_CHARS) -> Interval:
    """Shrink ``start:end`` past whitespace and ``chars`` (quotation marks and ``, . ; :``
    unless told otherwise) at both edges."""
    start, end = max(start, 0), min(end, len(text))
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def trim_pieces(text: str, pieces: Iterable[Interval],
                chars: AbstractSet[str] = TRIM_CHARS) -> Tuple[Interval, ...]:
    """Trim each piece of a (possibly discontinuous) span; drop pieces left empty."""
    out = [trim(text, s, e, chars) for s, e in pieces]
    return tuple(sorted(p for p in out if p[0] < p[1]))


def merge(pieces: Iterable[Interval]) -> List[Interval]:
    """Sorted, disjoint intervals covering the same characters."""
    merged: List[Interval] = []
    for s, e in sorted(p for p in pieces if p[0] < p[1]):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def size(pieces: Iterable[Interval]) -> int:
    """Number of characters the pieces cover."""
    return sum(e - s for s, e in merge(pieces))


def shared(a: Iterable[Interval], b: Iterable[Interval]) -> int:
    """Number of characters covered by both ``a`` and ``b``."""
    a, b = merge(a), merge(b)
    total, i, j = 0, 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def distance(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Characters between the nearest pieces of two spans (0 when they touch or overlap)."""
    if not a or not b:
        return 10**9
    return min(max(s2 - e1, s1 - e2, 0) for s1, e1 in a for s2, e2 in b)


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class Gold:
    """One gold attribution: content, source and cue as lists of raw (untrimmed) pieces."""

    doc_id: str
    id: str
    content: Tuple[Interval, ...]
    source: Tuple[Interval, ...] = ()
    cue: Tuple[Interval, ...] = ()
    content_text: str = ""
    source_text: str = ""
    cue_text: str = ""

    @property
    def direct(self) -> bool:
        """True when the content contains a double quotation mark."""
        return any(ch in self.content_text for ch in DOUBLE_QUOTES)

    @property
    def table(self) -> str:
        return "DIRECT" if self.direct else "INDIRECT"


_OFFSETS = re.compile(r"^\d+ \d+(;\d+ \d+)*$")


def _slice(text: Optional[str], pieces: Sequence[Interval], fallback: str) -> str:
    if text is None:
        return fallback
    return " ".join(text[s:e] for s, e in pieces)


def read_brat(ann: str, text: Optional[str] = None, doc_id: str = "") -> List[Gold]:
    """Parse brat standoff into gold attributions, in file order.

    ``T`` lines give typed spans (``s e;s e`` when discontinuous); ``E`` lines tie a
    ``Content`` (plus ``Content2``…) to a ``Source`` and a ``Cue``. Events without any
    content are skipped, as are malformed lines and references to unknown spans. Role
    names are matched without their trailing digits, so ``Content2`` adds content pieces.
    When ``text`` is given, span texts are taken from it rather than from the file.
    """
    spans: Dict[str, Tuple[str, Tuple[Interval, ...], str]] = {}
    events: List[Tuple[str, List[str]]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            offsets = offsets.strip()
            if not _OFFSETS.match(offsets):
                continue
            pieces = tuple(
                (int(s), int(e)) for s, e in (p.split() for p in offsets.split(";"))
            )
            if any(s > e for s, e in pieces):
                continue
            spans[fields[0]] = (label, pieces, fields[2] if len(fields) > 2 else "")
        elif line.startswith("E") and len(fields) >= 2:
            events.append((fields[0], fields[1].split()))

    golds: List[Gold] = []
    for eid, args in events:
        roles: Dict[str, List[Interval]] = defaultdict(list)
        texts: Dict[str, List[str]] = defaultdict(list)
        for arg in args[1:]:  # args[0] is the trigger, e.g. Attribution:T4
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")
            if ref in spans and role in ("Content", "Source", "Cue"):
                roles[role].extend(spans[ref][1])
                texts[role].append(spans[ref][2])
        if not roles["Content"]:
            continue
        content, source, cue = (tuple(sorted(roles[r])) for r in ("Content", "Source", "Cue"))
        golds.append(
            Gold(
                doc_id=doc_id,
                id=eid,
                content=content,
                source=source,
                cue=cue,
                content_text=_slice(text, content, " ".join(texts["Content"])),
                source_text=_slice(text, source, " ".join(texts["Source"])),
                cue_text=_slice(text, cue, " ".join(texts["Cue"])),
            )
        )
    return golds


# --------------------------------------------------------------------------- scoring


@dataclass
class QuoteResult:
    """What the scorer decided about one system quote."""

    doc_id: str
    quote: Any
    span: Tuple[Interval, ...]  # trimmed
    gold: Optional[int] = None  # index into DocResult.golds when matched
    overlap: int = 0
    speaker_ok: bool = False
    cue_ok: bool = False
    exact: bool = False
    table: str = "INDIRECT"

    @property
    def matched(self) -> bool:
        return self.gold is not None

    @property
    def rule(self) -> str:
        return str(getattr(self.quote, "rule", "none"))


@dataclass
class GoldResult:
    """What the scorer decided about one gold attribution."""

    gold: Gold
    content: Tuple[Interval, ...]  # trimmed
    matches: List[int] = field(default_factory=list)  # indices into DocResult.quotes
    coverage: float = 0.0
    found: bool = False
    attr_found: bool = False
    exact: bool = False

    @property
    def table(self) -> str:
        return self.gold.table


@dataclass
class DocResult:
    doc_id: str
    text: str
    quotes: List[QuoteResult]
    golds: List[GoldResult]


def _kind(quote: Any) -> str:
    kind = getattr(quote, "kind", "indirect")
    return str(getattr(kind, "value", kind))


def _pieces(obj: Any) -> Tuple[Interval, ...]:
    return () if obj is None else ((int(obj.start), int(obj.end)),)


def _agrees(text: str, system: Any, gold: Tuple[Interval, ...],
            chars: AbstractSet[str] = TRIM_CHARS) -> bool:
    """Speaker/cue rule: both absent, or both present and overlapping once trimmed.

    ``gold`` may hold several pieces (LitBank lists every mention of the speaking
    entity); sharing a character with any of them is enough. A span made only of
    punctuation (PolNeAR marks a bare colon as a cue) would trim to nothing, so it is
    compared untrimmed instead.
    """
    if system is None or not gold:
        return system is None and not gold
    mine = _pieces(system)
    return shared(trim_pieces(text, mine, chars) or mine,
                  trim_pieces(text, gold, chars) or gold) > 0


def _covered(content: Tuple[Interval, ...], spans: Iterable[Tuple[Interval, ...]]) -> int:
    return shared(content, [p for span in spans for p in span])


def score_document(doc_id: str, text: str, golds: Sequence[Gold], quotes: Sequence[Any],
                   chars: AbstractSet[str] = TRIM_CHARS) -> DocResult:
    """Match one document's system quotes to its gold attributions and judge each.

    ``chars`` are the characters trimmed from span edges (besides whitespace).
    """
    gold_results = [GoldResult(g, trim_pieces(text, g.content, chars)) for g in golds]
    quote_results: List[QuoteResult] = []
    for qi, quote in enumerate(sorted(quotes, key=lambda q: (q.start, q.end))):
        span = trim_pieces(text, _pieces(quote), chars)
        result = QuoteResult(doc_id, quote, span)
        best: Optional[Tuple[int, int, int]] = None  # (overlap, -gold size, -index)
        for gi, gr in enumerate(gold_results):
            ov = shared(span, gr.content)
            key = (ov, -size(gr.content), -gi)
            if ov > 0 and (best is None or key > best):
                best = key
        if best is not None and 2 * best[0] >= size(span):
            gi = -best[2]
            gr = gold_results[gi]
            result.gold, result.overlap = gi, best[0]
            result.speaker_ok = _agrees(text, quote.speaker, gr.gold.source, chars)
            result.cue_ok = _agrees(text, quote.cue, gr.gold.cue, chars)
            result.exact = len(span) == 1 and span[0] in gr.content
            result.table = gr.table
            gr.matches.append(qi)
        else:
            result.table = "DIRECT" if _kind(quote) in ("direct", "mixed") else "INDIRECT"
        quote_results.append(result)

    for gr in gold_results:
        n = size(gr.content)
        spans = [quote_results[i].span for i in gr.matches]
        right = [quote_results[i].span for i in gr.matches if quote_results[i].speaker_ok]
        covered = _covered(gr.content, spans)
        gr.coverage = covered / n if n else 0.0
        gr.found = bool(spans) and 2 * covered >= n
        gr.attr_found = bool(right) and 2 * _covered(gr.content, right) >= n
        exact_spans = {s[0] for s in spans if len(s) == 1}
        gr.exact = bool(gr.content) and all(p in exact_spans for p in gr.content)
    return DocResult(doc_id, text, quote_results, gold_results)


# --------------------------------------------------------------------------- totals


def _ratio(num: int, den: int) -> float:
    return 100.0 * num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def count(results: Iterable[DocResult]) -> Dict[str, Counter]:
    """Raw counts per table (ALL, DIRECT, INDIRECT)."""
    counts = {t: Counter() for t in TABLES}
    for doc in results:
        for q in doc.quotes:
            for t in ("ALL", q.table):
                c = counts[t]
                c["system"] += 1
                c["matched"] += q.matched
                c["attr_matched"] += q.matched and q.speaker_ok
                c["exact_system"] += q.exact
                c["cue_ok"] += q.matched and q.cue_ok
        for g in doc.golds:
            for t in ("ALL", g.table):
                c = counts[t]
                c["gold"] += 1
                c["found"] += g.found
                c["attr_found"] += g.attr_found
                c["exact_gold"] += g.exact
    return counts


def metrics(c: Counter) -> Dict[str, float]:
    """Precision, recall and F1 (percent) for quotes, attributions and exact spans."""
    out: Dict[str, float] = {}
    for name, sys_key, gold_key in (
        ("quote", "matched", "found"),
        ("attribution", "attr_matched", "attr_found"),
        ("exact", "exact_system", "exact_gold"),
    ):
        p, r = _ratio(c[sys_key], c["system"]), _ratio(c[gold_key], c["gold"])
        out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f1"] = p, r, _f1(p, r)
    out["cue_accuracy"] = _ratio(c["cue_ok"], c["matched"])
    return out


def summarize(results: Sequence[DocResult]) -> Dict[str, Dict[str, Any]]:
    """Counts and metrics for each table, ready to print or dump as JSON."""
    return {t: {"counts": dict(c), "metrics": metrics(c)} for t, c in count(results).items()}


def by_rule(results: Iterable[DocResult]) -> Dict[str, Counter]:
    """Per ``Quote.rule``: how many quotes, matches, right speakers and error kinds."""
    rules: Dict[str, Counter] = defaultdict(Counter)
    for doc in results:
        for q in doc.quotes:
            c = rules[q.rule]
            c["system"] += 1
            c["matched"] += q.matched
            c["speaker_ok"] += q.matched and q.speaker_ok
            c["cue_ok"] += q.matched and q.cue_ok
            c["false_alarm"] += not q.matched
            c["wrong_speaker"] += q.matched and not q.speaker_ok
    return dict(rules)


# --------------------------------------------------------------------------- oracle


def _span(cls: Any, text: str, pieces: Sequence[Interval], **extra: Any) -> Any:
    if not pieces:
        return None
    start, end = pieces[0][0], pieces[-1][1]
    return cls(start=start, end=end, text=text[start:end], **extra)


def oracle_quotes(golds: Sequence[Gold], text: str) -> List[Any]:
    """The gold turned into ``quoteattr.Quote`` objects: one quote per content piece.

    Scoring these against the same gold must give 100 everywhere; the benchmark's
    ``--oracle`` flag and the tests use it to check the scorer.
    """
    from quoteattr.model import Cue, Quote, Speaker

    quotes = []
    for g in golds:
        speaker = _span(Speaker, text, g.source)
        cue = _span(Cue, text, g.cue, lemma=g.cue_text.lower())
        for s, e in g.content:
            quotes.append(
                Quote(
                    start=s,
                    end=e,
                    text=text[s:e],
                    kind="direct" if g.direct else "indirect",
                    speaker=speaker,
                    cue=cue,
                    rule="gold",
                )
            )
    return sorted(quotes, key=lambda q: (q.start, q.end))
