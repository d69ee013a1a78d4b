"""Long texts in pieces: cut at paragraph breaks, parsed apart, put back together.

A parser takes only so much text at a time: spaCy refuses a text longer than
``nlp.max_length`` (a million characters by default, and about a gigabyte of memory per
hundred thousand), and stanza's memory grows with the document it is handed. So a text
longer than ``max_chars`` is cut where a paragraph begins, each piece is parsed on its
own, and the parses are joined again before attribution, which always sees the whole
text: quotations that run over a cut and speakers named before it are found as usual,
and every offset indexes the whole text.

Paragraphs are the ones :func:`quoteattr.marks.paragraph_starts` sees, so a cut never
falls inside a sentence the attribution would read as one. A single paragraph longer
than ``max_chars`` is cut after the last sentence end before the limit, else at the last
space, else at the limit itself.
"""

from __future__ import annotations

import bisect
from typing import Any, List, Sequence, Tuple

import regex

from quoteattr.marks import paragraph_starts

__all__ = ["MAX_CHARS", "cut", "for_parser", "merge_stanza"]

#: The longest piece handed to a parser in one call, in characters: well under spaCy's
#: ``max_length`` and small enough for stanza's tokenizer to keep its memory modest,
#: yet far above a news article, so that ordinary documents are parsed whole.
MAX_CHARS = 100_000

_SENTENCE_END = regex.compile(r"[.!?][\"'”’»)\]]*\s+")
_SPACE = regex.compile(r"\s+")
_BOM = "\ufeff"


def cut(text: str, max_chars: int = MAX_CHARS) -> List[Tuple[int, int]]:
    """``(start, end)`` pieces that cover ``text`` end to end, none longer than ``max_chars``.

    Each piece but the first starts where a paragraph starts, so the blank lines between
    paragraphs end the piece before them.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    if len(text) <= max_chars:
        return [(0, len(text))]
    starts = paragraph_starts(text)
    pieces: List[Tuple[int, int]] = []
    begin = 0
    while len(text) - begin > max_chars:
        limit = begin + max_chars
        k = bisect.bisect_right(starts, limit) - 1
        end = starts[k] if starts[k] > begin else _inside_paragraph(text, begin, limit)
        pieces.append((begin, end))
        begin = end
    pieces.append((begin, len(text)))
    return pieces


def _inside_paragraph(text: str, begin: int, limit: int) -> int:
    """Where to cut a paragraph that alone is longer than the limit."""
    for pattern in (_SENTENCE_END, _SPACE):
        last = None
        for last in pattern.finditer(text, begin + 1, limit):
            pass
        if last is not None and last.end() > begin:
            return last.end()
    return limit


def for_parser(piece: str, start: int) -> str:
    """The piece as the parser should see it: a byte-order mark opening the text becomes
    a space, so that it neither sticks to the first word nor moves any offset."""
    if start == 0 and piece.startswith(_BOM):
        return " " + piece[1:]
    return piece


def merge_stanza(docs: Sequence[Any], starts: Sequence[int], text: str) -> Any:
    """One ``stanza.Document`` for ``text`` from the parses of its pieces.

    ``docs[i]`` holds offsets into the piece that starts at ``starts[i]``; the merged
    document's offsets index ``text``.
    """
    from stanza import Document

    sentences = []
    for doc, base in zip(docs, starts):
        for sentence in doc.to_dict():
            for entry in sentence:
                for key in ("start_char", "end_char"):
                    if entry.get(key) is not None:
                        entry[key] += base
            sentences.append(sentence)
    return Document(sentences, text=text)
