"""Repairs: second looks at a frame read off the parse, where parses often go wrong."""

from __future__ import annotations

from typing import Optional

import attrs

from quoteattr.attribution.chain import Repair
from quoteattr.attribution.context import Context, Frame, OpenQuote
from quoteattr.attribution.surface import Pattern, after_quote

__all__ = ["CrossedQuote", "SurfaceSpeaker"]


class CrossedQuote(Repair):
    """A parse that hangs a quote on a verb across another quotation loses to the words
    right after the quote: in ``"Why?" she said. "Because," Tom said.`` a parse that
    makes "Because" depend on the first "said" yields to "Tom said"."""

    name = "crossed-quote"

    def revise(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        frame = quote.frame
        if not frame.from_parse or not _quote_between(ctx, frame, quote):
            return None
        surface = after_quote(ctx, quote)
        if surface is None or surface.speaker is None:
            return None
        return attrs.evolve(surface, rule=self.name) if surface.rule == "pattern" else surface


class SurfaceSpeaker(Repair):
    """A verb the parse found without its performer takes the speaker the words next to
    the marks give (``"...," the chair said``), else the name right before the verb
    (``"...," Holt concluded.`` with "Holt" parsed as something else)."""

    name = "surface-speaker"

    def revise(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        frame = quote.frame
        if frame.speaker is not None or not frame.from_parse:
            return None
        surface = Pattern().propose(ctx, quote)
        if surface is not None and surface.speaker is not None:
            return attrs.evolve(frame, cue=surface.cue, speaker=surface.speaker, rule=self.name)
        cue = frame.cue[0]
        if cue > 0 and ctx.is_name_like(cue - 1) and ctx.outside(cue - 1) \
                and ctx.tokens[cue - 1].sent == ctx.tokens[cue].sent:
            return attrs.evolve(frame, speaker=cue - 1, rule=self.name)
        return None


def _quote_between(ctx: Context, frame: Frame, quote: OpenQuote) -> bool:
    """Does another quotation stand between the frame's cue and ``quote``?"""
    cue = frame.cue[0] if frame.cue else None
    if cue is None or cue > quote.tokens[0]:
        return False
    return quote.previous is not None and quote.previous.tokens[0] > cue
