"""Turning frames into :class:`~quoteattr.model.Quote` objects."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from quoteattr.attribution.chain import Result
from quoteattr.attribution.clauses import adds_nothing, content_form, cuts_a_quote
from quoteattr.attribution.context import Context, Frame
from quoteattr.model import Addressee, Cue, Quote, QuoteKind, Span
from quoteattr.quotes import Quotes
from quoteattr.speakers import Resolver, noun_phrase

__all__ = ["CONFIDENCE", "make_quotes"]

#: How far each rule is trusted: its attribution precision (right quote, right speaker)
#: on the PolNeAR training split (CoreNLP parses, one record per mixed quote), rounded
#: (``python benchmarks/polnear.py --split train`` prints it per rule). A rule not
#: listed takes its sieve's ``confidence``.
CONFIDENCE = {
    "neighbour": 0.99,       # 530 quotes on train
    "syntax": 0.92,          # 4,402
    "paragraph": 0.91,       # 1,148
    "outer-report": 0.91,    # 11
    "according-to": 0.88,    # 365
    "pattern": 0.81,         # 400
    "surface-speaker": 0.75,  # 24
    "indirect": 0.71,        # 9,036
    "sentence-verb": 0.66,   # 32
    "learned": 0.50,         # 117, each fold scored by a scorer trained on the other four (--cv 5)
    "transcript": 0.71,      # train and dev pooled: 0 of 4 on train, in one article whose gold
                             # credits a whole transcript to "Partial transcript"; 10 of 10 on dev
    "none": 0.0,
}

# (start, end, kind, frame, fragments as (start, end) pairs, form)
Raw = Tuple[int, int, QuoteKind, Optional[Frame], Tuple[Tuple[int, int], ...], str]


class _OtherQuotes:
    """The tokens inside quotations other than quotation ``own``, and the cue's tokens
    (a ``Container``): a speaker phrase takes in neither."""

    def __init__(self, unit_of: List[int], own: int, cue: Sequence[int] = ()) -> None:
        self.unit_of, self.own, self.cue = unit_of, own, set(cue)

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and (self.unit_of[i] >= 0 and self.unit_of[i] != self.own or i in self.cue)


def make_quotes(ctx: Context, result: Result, noun_phrases: bool = True) -> Quotes:
    """The quotes of the document, sorted by start: quotations in marks that have a
    speaker or read as speech, then reports without marks that add words of their own.

    One record per attribution: a quoted fragment inside a reported clause by the same
    speaker (``She said the plan was "dead on arrival"``) is one of the clause's
    ``fragments``, not a quote of its own; so is a scare quote inside the clause. ``noun_phrases=False`` leaves out reports
    whose content is a noun phrase with no quoted words in it (``hailed the moment of
    magic``).
    """
    marked = [q for q in ctx.quotes  # a scare quote or a title nobody is said to have said is left out
              if not ((q.frame is None or q.frame.speaker is None) and not ctx.is_speech(q))]
    kept = {q.index for q in marked}
    tokens = ctx.tokens
    reports: List[Raw] = []
    absorbed: set = set()
    for content, cue, speaker, rule in result.reported:
        start, end = tokens[content[0]].start, tokens[content[-1]].end
        quoted_in = ctx.quotes_between(content[0], content[-1])
        inner = [(u.start, u.end) for u in quoted_in]
        quoted = sum(min(b, end) - max(a, start) for a, b in inner)
        if quoted >= 0.8 * (end - start) or adds_nothing(ctx, content):
            continue  # the complement is the quotation itself, already reported
        if cuts_a_quote(ctx, content[0], content[-1]):
            continue  # a clause cutting through a quotation, or holding its frame, is no content
        if cue in result.framed_cues and not inner:
            continue  # the frame of a quotation already reported
        form = content_form(ctx, content)
        if form == "noun-phrase" and not noun_phrases and not inner:
            continue  # 'hailed the moment of magic': a noun phrase with no words quoted
        kind = QuoteKind.MIXED if inner else QuoteKind.INDIRECT
        # with the quotations' marks at either edge
        end = max([end] + [b for a, b in inner if a < end < b])
        start = min([start] + [a for a, b in inner if a < start < b])
        # its quoted fragments: the quotations inside it that are no quotes of their own
        pieces = [u for u in quoted_in if start <= u.start and u.end <= end and u.index not in absorbed
                  and (u.index not in kept or u.kind is QuoteKind.MIXED and _same_report(u.frame, cue, speaker)
                       or _one_frame(u.frame, cue, speaker))]
        absorbed.update(u.index for u in pieces)
        fragments = tuple((u.start, u.end) for u in pieces)
        cue_span = (cue, cue + 1) if rule == "according-to" else ctx.cue_span(cue)
        reports.append((start, end, kind, Frame(cue_span, speaker, rule), fragments, form))
    raw: List[Raw] = [(q.start, q.end, q.kind, q.frame, (), "quote") for q in marked if q.index not in absorbed]
    return _build(ctx, raw + reports, result.confidence)


def _one_frame(frame: Optional[Frame], cue: int, speaker: Optional[int]) -> bool:
    """Was a quotation inside a report given that very report's cue and speaker? Then the
    two are one attribution ('"...," Kim said, according to the Post': the quotation is
    credited to the Post by the same 'according to' that frames the clause)."""
    return (frame is not None and frame.cue is not None and frame.cue[0] == cue
            and speaker is not None and frame.speaker == speaker)


def _same_report(frame: Optional[Frame], cue: int, speaker: Optional[int]) -> bool:
    """Is a quoted fragment with ``frame`` part of the report by ``cue`` and ``speaker``?
    A fragment of a mixed quote is; a quotation with a cue and speaker of its own
    inside somebody else's report ('the senator called it "a fair deal", according to
    the paper') is not."""
    if frame is None or frame.cue is None:
        return False
    return frame.cue[0] == cue or frame.speaker is not None and frame.speaker == speaker


def _speakers(ctx: Context, raw: Sequence[Raw]) -> Dict[int, Any]:
    """Speaker phrases by head token, resolved in text order (for pronouns)."""
    doc, tokens = ctx.doc, ctx.tokens
    resolver = Resolver(doc, quoted=[u >= 0 for u in ctx.unit_of], names=ctx.names)
    cues: Dict[int, List[int]] = {}
    for _, _, _, f, *_ in raw:
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


def _addressees(ctx: Context, raw: Sequence[Raw]) -> Dict[int, Addressee]:
    """Addressee phrases by head token, resolved in text order by a resolver of their
    own (whom a quote is spoken to must not change who later pronouns say spoke)."""
    heads = sorted({f.addressee for _, _, _, f, *_ in raw if f is not None and f.addressee is not None},
                   key=lambda h: ctx.tokens[h].start)
    if not heads:
        return {}
    resolver = Resolver(ctx.doc, names=ctx.names)
    out: Dict[int, Addressee] = {}
    tokens = ctx.tokens
    for h in heads:
        if ctx.outside(h):
            first, last = noun_phrase(ctx.doc, h, avoid=_OtherQuotes(ctx.unit_of, ctx.unit_of[h]))
        else:  # a name called out in a quote: the name alone ("Mrs. Dace"), not the words around it
            first = h
            while first > 0 and tokens[first - 1].upos == "PROPN" and ctx.unit_of[first - 1] == ctx.unit_of[h]:
                first -= 1
            last = h
        found = resolver.resolve(first, last, h)
        out[h] = Addressee(found.start, found.end, found.text, entity=found.entity)
    return out


def _build(ctx: Context, raw: Sequence[Raw], confidence: Dict[str, float]) -> Quotes:
    doc, tokens = ctx.doc, ctx.tokens
    speakers = _speakers(ctx, raw)
    addressees = _addressees(ctx, raw)
    out = []
    seen = set()
    for start, end, kind, frame, fragments, form in raw:
        if (start, end) in seen:
            continue
        seen.add((start, end))
        cue = speaker = addressee = None
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
                addressee = addressees.get(frame.addressee) if frame.addressee is not None else None
        trust = CONFIDENCE[rule] if rule in CONFIDENCE else confidence.get(rule, 0.5)
        pieces = tuple(Span(a, b, doc.text[a:b]) for a, b in fragments)
        out.append(Quote(start, end, doc.text[start:end], kind, speaker, cue, rule, trust, addressee,
                         fragments=pieces, form=form))
    out.sort(key=lambda q: (q.start, q.end))
    return Quotes(out, text=doc.text)
