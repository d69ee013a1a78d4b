"""Quotes with no frame of their own go on from the quote before them."""

from __future__ import annotations

import bisect
from typing import Dict, List, Optional

import attrs

from quoteattr.attribution.chain import DocumentStep, Result
from quoteattr.attribution.context import Context, Frame, OpenQuote
from quoteattr.attribution.dialogue import Dialogue, asks, dialogue
from quoteattr.attribution.performer import subject
from quoteattr.model import QuoteKind

__all__ = ["Paragraph"]


class Paragraph(DocumentStep):
    """A quote with no frame continues the one before it.

    The pieces of one multi-paragraph quote share the frame one of them has; a quote
    later in the same paragraph, or opening the next paragraph after a paragraph that
    ended on a quote, takes the previous quote's frame (``"We won," she said. "And we
    earned it."``); a quote paragraph after narration takes the reporting verb of the
    paragraph before (``The mayor said the vote was close.`` then ``"We will recount."``),
    also when the quote before is one nobody was found to speak (a scare quote in that
    narration); and a quote sentence inside a paragraph of narration that continues no
    quote takes the reporting verb of the sentence right before it (``Lee argued that
    the fee was unfair. "Nobody asked us."``). Such a borrowed cue keeps its own report
    (``that the fee was unfair``) as a record of its own.

    Inside a conversation (:mod:`.dialogue`) a quote never continues the paragraph
    before: the next line of dialogue is usually somebody else's, and the conversation
    sieves decide it. Nor, in a document in dialogue style, does a quote continue a
    question in the paragraph before: someone else answers it.
    """

    name = "paragraph"

    def apply(self, ctx: Context, result: Result) -> None:
        quotes = ctx.quotes
        by_span: Dict[int, List[OpenQuote]] = {}
        for quote in quotes:
            by_span.setdefault(id(quote.span), []).append(quote)
        for group in by_span.values():
            framed = [x for x in group if x.frame and x.frame.rule != self.name]
            if framed and len(group) > 1:
                for x in group:
                    if x.frame is None:
                        x.frame = attrs.evolve(framed[0].frame, rule=self.name, from_parse=False)
                        x.kind = QuoteKind.DIRECT
        talk = dialogue(ctx)
        for quote in quotes:
            if quote.frame is not None:
                continue
            prev = quote.previous
            if quote.paragraph and ctx.starts_paragraph(quote) and ctx.is_speech(quote) and \
                    (prev is None or prev.paragraph < quote.paragraph - 1 or prev.frame is None):
                quote.frame = _reporter_before(ctx, quote)  # a quote paragraph after "X said that ..."
                continue
            if prev is None or prev.frame is None or prev.frame.speaker is None:
                quote.frame = _reporter_just_before(ctx, quote, talk)
                continue
            same_par = prev.paragraph == quote.paragraph
            next_par = prev.paragraph == quote.paragraph - 1 and ctx.starts_paragraph(quote) and \
                ctx.ends_paragraph(prev) and not ctx.is_heading(prev.paragraph) \
                and not talk.in_conversation(quote.paragraph) \
                and not (talk.style and asks(ctx, prev))  # a headline is no turn; a question is answered
            follows = same_par and prev.frame.cue is not None and \
                prev.end <= ctx.tokens[prev.frame.cue[0]].start < quote.start  # '"X," she said. "Y."'
            if (same_par or next_par) and (ctx.is_speech(quote) or follows):
                quote.frame = attrs.evolve(prev.frame, rule=self.name, from_parse=False)
                quote.kind = QuoteKind.DIRECT
            elif not same_par:
                quote.frame = _reporter_just_before(ctx, quote, talk)


def _reporter_just_before(ctx: Context, quote: OpenQuote, talk: Dialogue) -> Optional[Frame]:
    """A quote sentence inside a paragraph of narration, continuing no quote of that
    paragraph, takes the reporting verb of the sentence right before it: ``Lee argued
    that the fee was unfair. "Nobody asked us."`` (not in a conversation, whose lines
    the conversation sieves decide)."""
    if ctx.starts_paragraph(quote) or not ctx.opens_sentence(quote) or not ctx.is_speech(quote) \
            or talk.in_conversation(quote.paragraph):
        return None
    tokens = ctx.tokens
    s = tokens[quote.tokens[0]].sent
    if s == 0:
        return None
    a, _ = ctx.doc.sentences[s - 1]
    if ctx.paragraph(tokens[a].start) != quote.paragraph:
        return None
    return _first_reporter(ctx, a, quote.tokens[0])


def _reporter_before(ctx: Context, quote: OpenQuote) -> Optional[Frame]:
    """The reporting verb and speaker of the last sentence of the paragraph before."""
    tokens = ctx.tokens
    first = bisect.bisect_left(ctx.starts, ctx.par_starts[quote.paragraph]) - 1
    if first < 0 or ctx.paragraph(tokens[first].start) != quote.paragraph - 1 or ctx.is_heading(quote.paragraph - 1):
        return None  # a headline's verb ("Mayor vows to rebuild") frames no quote of the body
    a, _ = ctx.doc.sentences[tokens[first].sent]
    return _first_reporter(ctx, a, first + 1)


def _first_reporter(ctx: Context, a: int, b: int) -> Optional[Frame]:
    """The first reporting verb among tokens ``a`` to ``b`` (outside quotations) that has
    a subject, as a frame of this link."""
    for k in range(a, b):
        if ctx.outside(k) and ctx.is_cue(k):
            subj = subject(ctx, k)
            if subj is not None:
                return Frame(ctx.cue_span(k), subj, "paragraph")
    return None
