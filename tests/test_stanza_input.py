"""A stanza Document built by hand (no models): the reader checks its offsets and heads
as it checks CoNLL-U, so that nothing malformed reaches the attribution."""

from __future__ import annotations

from typing import List, Optional, Tuple

import pytest

stanza_doc = pytest.importorskip("stanza.models.common.doc")

import quoteattr  # noqa: E402
from quoteattr.errors import ConlluError  # noqa: E402

# "Ada wrote, "Tides turn." ": form, lemma, upos, head, deprel, start, end
WORDS: List[Tuple[str, str, str, int, str, int, int]] = [
    ("Ada", "Ada", "PROPN", 2, "nsubj", 0, 3), ("wrote", "write", "VERB", 0, "root", 4, 9),
    (",", ",", "PUNCT", 2, "punct", 9, 10), ('"', '"', "PUNCT", 6, "punct", 11, 12),
    ("Tides", "tide", "NOUN", 6, "nsubj", 12, 17), ("turn", "turn", "VERB", 2, "ccomp", 18, 22),
    (".", ".", "PUNCT", 6, "punct", 22, 23), ('"', '"', "PUNCT", 6, "punct", 23, 24),
]
TEXT = 'Ada wrote, "Tides turn."'


def build(words=WORDS, text: Optional[str] = TEXT):
    rows = [{"id": i, "text": f, "lemma": lem, "upos": u, "xpos": "_", "head": h, "deprel": d,
             "start_char": s, "end_char": e} for i, (f, lem, u, h, d, s, e) in enumerate(words, 1)]
    return stanza_doc.Document([rows], text=text)


def change(k: int, **fields) -> list:
    names = ["form", "lemma", "upos", "head", "deprel", "start", "end"]
    out = list(WORDS)
    row = dict(zip(names, out[k]))
    row.update(fields)
    out[k] = tuple(row[n] for n in names)
    return out


def test_a_good_document_reads() -> None:
    [quote] = quoteattr.from_stanza(build())
    assert quote.text == '"Tides turn."' and quote.speaker.text == "Ada"
    [again] = quoteattr.from_stanza(build(text=None))  # the text rebuilt from the offsets
    assert again.text == quote.text


@pytest.mark.parametrize("text", ["Ada wrote", None])
def test_offsets_out_of_order(text) -> None:
    """Each offset matches the text, but 'Ada' (0..3) is listed after 'wrote' (4..9)."""
    backwards = [("wrote", "write", "VERB", 0, "root", 4, 9), ("Ada", "Ada", "PROPN", 1, "nsubj", 0, 3)]
    with pytest.raises(ConlluError, match="in order"):
        quoteattr.from_stanza(build(backwards, text))


def test_overlapping_tokens() -> None:
    with pytest.raises(ConlluError, match="in order"):
        quoteattr.from_stanza(build(change(1, start=2)), text='Ada wrote, "Tides turn."')


@pytest.mark.parametrize("end", [10 ** 8, 10 ** 15])
def test_huge_offsets(end: int) -> None:
    words = change(7, start=end - 1, end=end)
    with pytest.raises(ConlluError, match="text="):
        quoteattr.from_stanza(build(words, text=None))
    with pytest.raises(ConlluError, match="outside the text"):
        quoteattr.from_stanza(build(words))


@pytest.mark.parametrize("heads", [{1: 9}, {1: 1}, {2: 6, 6: 2, 7: 0}])
def test_heads_that_make_no_tree(heads) -> None:
    """A head outside the sentence, a word that heads itself, a cycle (wrote -> turn ->
    wrote): stanza builds such a Document when its heads are set afterwards."""
    doc = build()
    for number, head in heads.items():
        doc.sentences[0].words[number - 1].head = head
    with pytest.raises(ConlluError, match="HEAD"):
        quoteattr.from_stanza(doc)


def test_text_of_the_wrong_type() -> None:
    with pytest.raises(TypeError):
        quoteattr.from_stanza(build(), text=b"bytes")
