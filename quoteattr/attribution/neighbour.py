"""A quote that fills its sentences takes the frame of the sentence before it."""

from __future__ import annotations

from typing import Optional

from quoteattr.attribution.chain import Sieve
from quoteattr.attribution.context import Context, Frame, OpenQuote
from quoteattr.attribution.performer import subject

__all__ = ["Neighbour"]


class Neighbour(Sieve):
    """A quote that fills its sentences is framed by the sentence of the same paragraph
    before it: ``..., the mayor said.`` ending on "NP said", or ``Ann Holt, a
    spokeswoman, said in a statement.`` whose own reporting verb reports nothing else.

    (A sentence ending on a colon, ``The mayor said:``, is the pattern sieve's; the
    sentence after a quote, ``She added.``, the pattern sieve's too: the shapes this
    sieve once read there changed nothing under cross-validation on PolNeAR train.)
    """

    name = "neighbour"

    def propose(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        if not ctx.fills_sentences(quote):
            return None
        tokens = ctx.tokens
        before = tokens[quote.tokens[0]].sent - 1
        if before < 0:
            return None
        a, b = ctx.doc.sentences[before]
        return _ends_on_cue(ctx, quote, a, b) or _reports_nothing_else(ctx, quote, a, b)


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
