"""The layout of a news text around its sentences: paragraphs, headlines and datelines.

Parsers do not always see it. A headline without a final stop is often read as the
start of the first sentence ("Flood-hit towns ask for help" + "Residents say ..."), and
a dateline ("LONDON (Reuters) -", "WASHINGTON —") as part of the sentence it opens.
:func:`cut_sentences` makes every paragraph break and the end of every dateline end a
sentence, whatever the parser did, so that no speaker is read across them.
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import regex

from quoteattr.marks import paragraph_starts

__all__ = ["datelines", "cut_sentences", "is_heading"]

# A place in capitals (one to three words: "LONDON", "NEW YORK", "ST. LOUIS"), then
# optionally a region or a date after a comma ("Calif.", "March 3") and a news agency in
# parentheses ("(Reuters)"), then a dash: at the very start of a paragraph.
_PLACE = r"[A-Z][A-Z.'’\-]*[A-Z.](?:[ \t]+[A-Z][A-Z.'’\-]*[A-Z.]){0,2}"
_DATELINE = regex.compile(
    _PLACE + r"(?:,[ \t]*[A-Z][A-Za-z.]*(?:[ \t]+[A-Za-z0-9.]+){0,3}?)?"
    r"(?:[ \t]*\([A-Za-z][^()\n]{0,40}\))?[ \t]*(?:—|–|--|-|―)(?=[ \t])")

#: A heading has at most this many words (a subhead or a headline).
HEADING_WORDS = 25
_FINAL = (".", "!", "?", "”", '"', "’", "'", "»", ":", ";", "…", ")")


def datelines(text: str, starts: Optional[Sequence[int]] = None) -> List[Tuple[int, int]]:
    """(start, end) of every dateline, the dash included, at the start of a paragraph
    (``starts``: the paragraph starts, when already known)."""
    out = []
    for start in paragraph_starts(text) if starts is None else starts:
        m = _DATELINE.match(text, start)
        if m is not None:
            out.append((m.start(), m.end()))
    return out


def is_heading(text: str, start: int, end: int) -> bool:
    """Is the paragraph ``text[start:end]`` a heading: short, and without the final
    punctuation of a sentence ("Flood-hit towns ask for help")?"""
    body = text[start:end].strip()
    return bool(body) and not body.endswith(_FINAL) and len(body.split()) <= HEADING_WORDS


def cut_sentences(text: str, starts: Sequence[int], sentence_of: List[int], heads: List[int]) -> List[int]:
    """Sentence numbers for tokens starting at character offsets ``starts`` that also
    end a sentence at every paragraph break and after every dateline.

    ``sentence_of`` holds the parser's sentence number of each token; ``heads`` (token
    indices, -1 for a root) is updated in place: a token whose head falls in another
    sentence after the cut becomes a root of its own.
    """
    # offsets where a sentence must start anew: paragraph starts and dateline ends
    pars = paragraph_starts(text)
    bounds = sorted(set(pars[1:]) | {end for _, end in datelines(text, pars)})
    out: List[int] = []
    b = 0
    for k, start in enumerate(starts):
        if k == 0:
            out.append(0)
            continue
        while b < len(bounds) and bounds[b] <= starts[k - 1]:
            b += 1
        new = sentence_of[k] != sentence_of[k - 1] or b < len(bounds) and bounds[b] <= start
        out.append(out[-1] + new)
    for k, h in enumerate(heads):
        if h >= 0 and out[h] != out[k]:
            heads[k] = -1
    return out
