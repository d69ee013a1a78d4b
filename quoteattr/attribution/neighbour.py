"""A quote that fills its sentences takes the frame of the sentence next to it."""

from __future__ import annotations

from typing import Optional

from quoteattr.attribution.chain import Sieve
from quoteattr.attribution.context import NOMINAL, Context, Frame, OpenQuote
from quoteattr.attribution.performer import subject

__all__ = ["Neighbour"]


class Neighbour(Sieve):
    """A quote that fills its sentences is framed by the sentence before or after it.

    Before: ``The mayor said:`` ending on a colon; ``..., the mayor said.`` ending on
    "NP said" in the same paragraph; ``Ann Holt, a spokeswoman, said in a statement.``
    whose own reporting verb reports nothing else. After: a short sentence of the same
    paragraph with a reporting verb (``She added.``).
    """

    name = "neighbour"

    def propose(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        if not ctx.fills_sentences(quote):
            return None
        tokens = ctx.tokens
        sents = sorted({tokens[t].sent for t in quote.tokens})
        before = sents[0] - 1
        if before >= 0:
            frame = _before(ctx, quote, *ctx.doc.sentences[before])
            if frame is not None:
                return frame
        after = sents[-1] + 1
        if after < len(ctx.doc.sentences):
            return _after(ctx, quote, *ctx.doc.sentences[after])
        return None


def _after(ctx: Context, quote: OpenQuote, a: int, b: int) -> Optional[Frame]:
    """The frame a short sentence ``a..b`` of the same paragraph after the quote gives
    it (``She added.``), if any."""
    tokens = ctx.tokens
    if b - a <= 8 and ctx.paragraph(tokens[a].start) == ctx.paragraph(tokens[quote.tokens[-1]].start):
        for k in range(a, b):
            if ctx.outside(k) and ctx.is_cue(k, clause_ok=False):
                subj = subject(ctx, k)
                if subj is None:
                    nominals = [x for x in range(k + 1, b) if tokens[x].upos in NOMINAL]
                    subj = nominals[0] if nominals else None
                if subj is not None:
                    return Frame(ctx.cue_span(k), subj, "neighbour")
    return None


def _before(ctx: Context, quote: OpenQuote, a: int, b: int) -> Optional[Frame]:
    """The frame that sentence ``a..b`` before the quote gives it, if any."""
    return _colon(ctx, quote, a, b) or _ends_on_cue(ctx, quote, a, b) or _reports_nothing_else(ctx, quote, a, b)


def _colon(ctx: Context, quote: OpenQuote, a: int, b: int) -> Optional[Frame]:
    """``The mayor said:`` then the quote."""
    tokens = ctx.tokens
    if b > a and tokens[b - 1].text == ":" and ctx.paragraph(tokens[a].start) >= quote.paragraph - 1:
        for k in range(b - 2, a - 1, -1):
            if ctx.outside(k) and ctx.is_cue(k, clause_ok=False):
                return Frame(ctx.cue_span(k), subject(ctx, k), "neighbour")
    return None


def _ends_on_cue(ctx: Context, quote: OpenQuote, a: int, b: int) -> Optional[Frame]:
    """'..., the mayor said. "..."': a sentence of the same paragraph that ends on
    "NP said" goes on in the quote after it."""
    tokens = ctx.tokens
    ends = [k for k in range(max(a, b - 5), b) if tokens[k].upos != "PUNCT"]
    if ends and ctx.paragraph(tokens[a].start) == quote.paragraph and ctx.outside(ends[-1]) \
            and ctx.is_cue(ends[-1], clause_ok=False) and tokens[b - 1].text == ".":
        subj = subject(ctx, ends[-1])
        if subj is not None and subj in ends:
            return Frame(ctx.cue_span(ends[-1]), subj, "neighbour")
    return None


def _reports_nothing_else(ctx: Context, quote: OpenQuote, a: int, b: int) -> Optional[Frame]:
    """'... Ann Holt, a spokeswoman, said in a statement. "..."': the sentence's own
    reporting verb, near its end, reports nothing else."""
    tokens = ctx.tokens
    root = next((k for k in range(a, b) if tokens[k].head < 0), None)
    if root is not None and b - root <= 6 and tokens[b - 1].text == "." and ctx.outside(root) \
            and ctx.paragraph(tokens[a].start) == quote.paragraph and ctx.is_cue(root, clause_ok=False) \
            and not ctx.doc.children(root, "ccomp", "obj", "xcomp", "parataxis"):
        subj = subject(ctx, root)
        if subj is not None:
            return Frame(ctx.cue_span(root), subj, "neighbour")
    return None
