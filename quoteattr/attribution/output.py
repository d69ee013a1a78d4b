"""Turning frames into :class:`~quoteattr.model.Quote` objects."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from quoteattr.attribution.chain import Result
from quoteattr.attribution.clauses import adds_nothing, cuts_a_quote
from quoteattr.attribution.context import Context, Frame
from quoteattr.model import Cue, Quote, QuoteKind
from quoteattr.quotes import Quotes
from quoteattr.speakers import Resolver, noun_phrase

__all__ = ["CONFIDENCE", "make_quotes"]

#: How far each rule is trusted: its attribution precision (right quote, right speaker)
#: on the PolNeAR training split, rounded (``python benchmarks/polnear.py --split train``
#: prints it per rule). A rule not listed takes its sieve's ``confidence``.
CONFIDENCE = {
    "neighbour": 0.99,       # 525 quotes on train
    "split": 0.96,           # 24
    "paragraph": 0.91,       # 1,144
    "syntax": 0.9,           # 5,749
    "according-to": 0.89,    # 372
    "pattern": 0.79,         # 361
    "outer-report": 0.79,    # 126
    "surface-speaker": 0.78,  # 32
    "indirect": 0.72,        # 8,310
    "sentence-verb": 0.71,   # 48
    "crossed-quote": 0.14,   # 7
    "transcript": 0.0,       # 4
    "none": 0.0,
}

Raw = Tuple[int, int, QuoteKind, Optional[Frame]]


class _OtherQuotes:
    """The tokens inside quotations other than quotation ``own``, and the cue's tokens
    (a ``Container``): a speaker phrase takes in neither."""

    def __init__(self, unit_of: List[int], own: int, cue: Sequence[int] = ()) -> None:
        self.unit_of, self.own, self.cue = unit_of, own, set(cue)

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and (self.unit_of[i] >= 0 and self.unit_of[i] != self.own or i in self.cue)


def make_quotes(ctx: Context, result: Result) -> Quotes:
    """The quotes of the document, sorted by start: quotations in marks that have a
    speaker or read as speech, then reports without marks that add words of their own."""
    raw: List[Raw] = []
    for quote in ctx.quotes:
        if (quote.frame is None or quote.frame.speaker is None) and not ctx.is_speech(quote):
            continue  # a scare quote or a title nobody is said to have said
        raw.append((quote.start, quote.end, quote.kind, quote.frame))
    tokens = ctx.tokens
    for content, cue, speaker, rule in result.reported:
        start, end = tokens[content[0]].start, tokens[content[-1]].end
        inner = [(u.start, u.end) for u in ctx.quotes_between(content[0], content[-1])]
        quoted = sum(min(b, end) - max(a, start) for a, b in inner)
        if quoted >= 0.8 * (end - start) or adds_nothing(ctx, content):
            continue  # the complement is the quotation itself, already reported
        if cuts_a_quote(ctx, content[0], content[-1]):
            continue  # a clause cutting through a quotation, or holding its frame, is no content
        if cue in result.framed_cues and not inner:
            continue  # the frame of a quotation already reported
        kind = QuoteKind.MIXED if inner else QuoteKind.INDIRECT
        end = max([end] + [b for a, b in inner if a < end < b])  # with the quotation's closing mark
        cue_span = (cue, cue + 1) if rule == "according-to" else ctx.cue_span(cue)
        raw.append((start, end, kind, Frame(cue_span, speaker, rule)))
    return _build(ctx, raw, result.confidence)


def _speakers(ctx: Context, raw: Sequence[Raw]) -> Dict[int, Any]:
    """Speaker phrases by head token, resolved in text order (for pronouns)."""
    doc, tokens = ctx.doc, ctx.tokens
    resolver = Resolver(doc)
    cues: Dict[int, List[int]] = {}
    for *_, f in raw:
        if f and f.speaker is not None:
            cues.setdefault(f.speaker, []).extend(range(f.cue[0], f.cue[1] + 1) if f.cue else ())
    speakers: Dict[int, Any] = {}
    for h in sorted(cues, key=lambda h: tokens[h].start):
        avoid = _OtherQuotes(ctx.unit_of, ctx.unit_of[h], cues[h])
        first, last = noun_phrase(doc, h, avoid=avoid)
        if h + 1 < len(tokens) and tokens[h].head == h + 1 and ctx.mistagged_present(h + 1):
            # 'as the Civic Trust website notes:': the phrase hangs from the verb
            left = [k for k in tokens[h + 1].children if k < h and tokens[k].rel not in ("case", "mark", "punct")]
            first = min([first] + [min(doc.subtree(k)) for k in left])
        speakers[h] = resolver.resolve(first, last, h)
    return speakers


def _build(ctx: Context, raw: Sequence[Raw], confidence: Dict[str, float]) -> Quotes:
    doc, tokens = ctx.doc, ctx.tokens
    speakers = _speakers(ctx, raw)
    out = []
    seen = set()
    for start, end, kind, frame in raw:
        if (start, end) in seen:
            continue
        seen.add((start, end))
        cue = speaker = None
        rule = "none"
        if frame is not None:
            rule = frame.rule
            if frame.cue is not None:
                a, b = frame.cue
                cs, ce = tokens[a].start, tokens[b].end
                lemma = " ".join(tokens[k].lemma.lower() if k == b or tokens[k].text.lower() != "according"
                                 else "according" for k in range(a, b + 1))
                cue = Cue(cs, ce, doc.text[cs:ce], lemma=lemma)
            if frame.speaker is not None:
                speaker = speakers[frame.speaker]
        trust = CONFIDENCE[rule] if rule in CONFIDENCE else confidence.get(rule, 0.5)
        out.append(Quote(start, end, doc.text[start:end], kind, speaker, cue, rule, trust))
    out.sort(key=lambda q: (q.start, q.end))
    return Quotes(out, text=doc.text)
