"""Dash dialogue: a line opened by a dash holds its frame inside, without marks.

``—Not yet, he said. The tide is out.`` is two utterances around the frame ``he said``;
:func:`inline_frame` finds that frame among the tokens of a dash line, so that the line
can be cut into the words spoken before it and after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Optional, Tuple

if TYPE_CHECKING:  # pragma: no cover
    from quoteattr.attribution.context import Context

__all__ = ["DASH_MARKS", "inline_frame"]

DASH_MARKS = ("—", "―", "--")
_SPEAKER_PRONOUNS = {"he", "she", "i", "we", "they"}
_ENDS = {".", "!", "?", ";"}


def _speaker_word(ctx: "Context", k: int) -> bool:
    t = ctx.tokens[k]
    return t.upos == "PROPN" or t.text.lower() in _SPEAKER_PRONOUNS


def inline_frame(ctx: "Context", toks: List[int]) -> Optional[Tuple[int, int]]:
    """(first, last) positions in ``toks`` of an inline frame after a comma: ``, he
    said`` · ``, Ann said quietly`` · ``, said Ann``, up to the end of its sentence or
    the next comma. ``None`` when the line has none."""
    tokens = ctx.tokens
    for n in range(1, len(toks) - 2):
        if tokens[toks[n]].text != ",":
            continue
        m = n + 1
        names = m
        while names < len(toks) and names - m < 3 and _speaker_word(ctx, toks[names]):
            names += 1
        if names > m and names < len(toks) and ctx.is_cue(toks[names], clause_ok=False):
            verb = names  # ", he said" / ", Buck Mulligan said"
        elif ctx.is_cue(toks[m], clause_ok=False) and m + 1 < len(toks) and _speaker_word(ctx, toks[m + 1]):
            verb = m + 1  # ", said Ann"
        else:
            continue
        last = verb
        while last + 1 < len(toks) and tokens[toks[last + 1]].text not in _ENDS | {","} and last - verb < 6:
            last += 1
        if last + 1 < len(toks) and tokens[toks[last + 1]].text in _ENDS | {","}:
            last += 1
        return n, last
    return None
