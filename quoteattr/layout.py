"""The layout of a news text around its sentences: paragraphs, headlines and datelines.

:func:`paragraph_starts` says where paragraphs begin (blank lines, or single newlines in
text written one paragraph per line); the quotation tokenizer and the engine share it.
Parsers do not always see the rest. A headline without a final stop is often read as the
start of the first sentence ("Flood-hit towns ask for help" + "Residents say ..."), and
a dateline ("LONDON (Reuters) -", "WASHINGTON —") as part of the sentence it opens.
:func:`cut_sentences` makes every paragraph break and the end of every dateline end a
sentence, whatever the parser did, so that no speaker is read across them.
"""

from __future__ import annotations

import functools
from typing import List, Optional, Sequence, Tuple

import regex

__all__ = ["paragraph_starts", "one_paragraph_per_line", "datelines", "cut_sentences", "is_heading"]

# Paragraph breaks: blank lines, or every newline in one-paragraph-per-line text. The
# plain patterns start with a literal newline, which regex searches for quickly; the
# Unicode separators are added only for texts that hold them.
_BLANK_BREAK = regex.compile(r"\n[ \t\r\f\v]*\n\s*")
_BLANK_BREAK_UNICODE = regex.compile(r"\n[ \t\r\f\v]*\n\s*|\u2029\s*")
_LINE_BREAK = regex.compile(r"\n\s*")
_LINE_BREAK_UNICODE = regex.compile(r"[\n\u2028\u2029]\s*")
_BLANK_LINE = regex.compile(r"\n[ \t\r\f\v]*\n")
_NEWLINE = regex.compile(r"\n")
_SENTENCE_END = frozenset(".!?:;\"'\u201d\u2019\u00bb)\u2026")


def one_paragraph_per_line(text: str) -> bool:
    """Guess whether single newlines end paragraphs (True) or only blank lines do.

    Text without blank lines is one paragraph per line. Text with blank lines uses them
    as paragraph breaks unless its single line breaks outnumber them and mostly follow
    the end of a sentence (occasional blank lines in line-per-paragraph text).
    """
    blank = text.count("\n\n") or len(_BLANK_LINE.findall(text))
    if not blank:
        return True
    if text.count("\n") - 2 * blank <= blank:  # too few single breaks to matter (fast path)
        return False
    inner = after_sentence = 0
    for m in _NEWLINE.finditer(text):
        before = text[max(0, m.start() - 8): m.start()].rstrip(" \t\r")[-1:]
        after = text[m.end(): m.end() + 8].lstrip(" \t\r")[:1]
        if before in ("", "\n") or after in ("", "\n"):
            continue
        inner += 1
        after_sentence += before in _SENTENCE_END
    return inner > blank and after_sentence >= 0.5 * inner


@functools.lru_cache(maxsize=4)
def paragraph_breaks(text: str) -> "regex.Pattern[str]":
    """The pattern that separates paragraphs in this text (kept for the last few texts:
    reading a parse, building the context and finding the quotes each ask of one text)."""
    unicode_breaks = "\u2029" in text or "\u2028" in text
    if one_paragraph_per_line(text):
        return _LINE_BREAK_UNICODE if unicode_breaks else _LINE_BREAK
    return _BLANK_BREAK_UNICODE if unicode_breaks else _BLANK_BREAK


def paragraph_starts(text: str) -> List[int]:
    """Offsets where the paragraphs of ``text`` start, by the rule :func:`quoteattr.marks.find_quotes` uses."""
    return [0] + [m.end() for m in paragraph_breaks(text).finditer(text)]



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
    b, last, number = 0, len(bounds), 0
    for k, start in enumerate(starts):
        if k:
            while b < last and bounds[b] <= starts[k - 1]:
                b += 1
            if sentence_of[k] != sentence_of[k - 1] or b < last and bounds[b] <= start:
                number += 1
        out.append(number)
    for k, h in enumerate(heads):
        if h >= 0 and out[h] != out[k]:
            heads[k] = -1
    return out
