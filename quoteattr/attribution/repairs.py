"""Repairs: second looks at a frame read off the parse, where parses often go wrong."""

from __future__ import annotations

from typing import Optional

import attrs

from quoteattr.attribution.chain import Repair
from quoteattr.attribution.context import Context, Frame, OpenQuote
from quoteattr.attribution.surface import Pattern

__all__ = ["SurfaceSpeaker"]


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
