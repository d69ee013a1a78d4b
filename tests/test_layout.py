"""Datelines, headings and sentence cuts (quoteattr/layout.py), on sentences of our own."""

from __future__ import annotations

import pytest

from quoteattr.layout import cut_sentences, datelines, is_heading


@pytest.mark.parametrize("opening", [
    "LONDON (Reuters) -", "WASHINGTON —", "ST. LOUIS, Mo. (AP) —", "PARIS, March 3 (AFP) -",
    "NEW YORK --", "KYIV, Ukraine –",
])
def test_datelines_at_the_start_of_a_paragraph(opening: str) -> None:
    text = f"Ferries stop for the winter\n\n{opening} The harbour closed on Monday."
    (span,) = datelines(text)
    assert text[span[0]:span[1]] == opening


@pytest.mark.parametrize("text", [
    "The mayor - a careful man - said nothing.",  # not in capitals
    "Last week in LONDON — nothing happened.",  # not at the start of a paragraph
    "HARBOUR FEES RISE AGAIN - Harbour Board chair Nell Okafor: “We had no choice.”",  # a headline
    "NASA-funded study finds more ice.",  # no dash after the capitals
])
def test_no_dateline(text: str) -> None:
    assert datelines(text) == []


def test_headings_are_short_and_have_no_final_stop() -> None:
    text = "Flood-hit towns ask for help\n\nResidents say the river rose.\n\nThe mayor said:"
    assert is_heading(text, 0, 28)
    assert not is_heading(text, 30, 60)
    assert not is_heading(text, 62, len(text))  # a colon introduces what follows


def test_cut_sentences_at_paragraph_breaks_and_datelines() -> None:
    text = "Towns ask for help\n\nLONDON (Reuters) - Residents say it rose."
    words = ["Towns", "ask", "for", "help", "LONDON", "(", "Reuters", ")", "-", "Residents", "say", "it", "rose", "."]
    starts, pos = [], 0
    for w in words:
        pos = text.index(w, pos)
        starts.append(pos)
        pos += len(w)
    heads = [10, 0, 3, 1, 10, 6, 4, 6, 4, 10, -1, 12, 10, 10]  # one sentence, "say" the root
    sents = cut_sentences(text, starts, [0] * len(words), heads)
    assert sents == [0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]
    assert heads[0] == -1 and heads[4] == -1  # cut off from "say"
    assert heads[1] == 0 and heads[9] == 10 and heads[11] == 12
