"""The Attributor end to end: real stanza Pipelines built from tiny models, and model checks.

The tiny models parse badly on purpose (they train in a minute); these tests check the
path - loading, tokenizing, paragraph handling, batching, offsets - not attribution quality.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import List

import pytest

import quoteattr
from quoteattr import pipeline
from quoteattr.errors import DocumentError, ModelsMissingError
from quoteattr.model import Quote
from quoteattr.pipeline import Attributor, _ParserText

TEXTS = [
    'The mayor said, "We will win the vote next week." Then she left the hall.',
    'Tomas Brand said: "The harbour will reopen in spring."\n\nHis deputy agreed. '
    '"Nobody wants another winter like the last one," she added.',
    'The ferry was late again.\nPassengers waited on the pier.\n'
    'One of them said, "We have been here since noon."',
    "The minister said that the budget would pass before the summer break.",
]


def assert_offsets(text: str, quotes: List[Quote]) -> None:
    for q in quotes:
        assert text[q.start:q.end] == q.text
        for part in (q.speaker, q.cue):
            if part is not None:
                assert text[part.start:part.end] == part.text


@pytest.fixture(scope="module")
def attributor(tiny_models: Path) -> Attributor:
    return Attributor(model_dir=str(tiny_models), download="never").load()


# --------------------------------------------------------------------------- end to end


def test_extract_returns_quotes_with_valid_offsets(attributor: Attributor) -> None:
    found = 0
    for text in TEXTS:
        quotes = attributor.extract(text)
        assert all(isinstance(q, Quote) for q in quotes)
        assert quotes == sorted(quotes, key=lambda q: q.start)
        assert_offsets(text, quotes)
        found += len(quotes)
    assert found >= 1, "no quote came through the tiny pipeline at all"


def test_call_is_extract(attributor: Attributor) -> None:
    assert attributor(TEXTS[0]) == attributor.extract(TEXTS[0])


def test_empty_and_blank_text_give_no_quotes(attributor: Attributor) -> None:
    assert attributor.extract("") == []
    assert attributor.extract("  \n\n \t") == []


def test_non_str_text_is_a_type_error(attributor: Attributor) -> None:
    with pytest.raises(TypeError, match="decode bytes first"):
        attributor.extract(b'"Hi," she said.')  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got int"):
        attributor.extract(7)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [
    "The rain stopped at noon. The market opened.\n\nThe bakers sold out by two.\n\n\n"
    "Nobody complained about the prices.",
    "The rain stopped at noon\nThe market opened late\nThe bakers sold out by two\n",
    "The rain stopped at noon.\r\nThe market opened late.\r\n\r\nThe bakers sold out.",
])
def test_paragraphs_are_sentence_breaks_and_offsets_index_the_input(attributor: Attributor,
                                                                    text: str) -> None:
    doc = attributor.parse(text)
    assert doc.text == text
    per_line = "\n\n" not in text.replace("\r", "")
    for sentence in doc.sentences:
        for token in sentence.tokens:
            assert text[token.start_char:token.end_char] == token.text
            for word in token.words:
                if word.start_char is not None:
                    assert word.start_char >= token.start_char and word.end_char <= token.end_char
        inside = text[sentence.tokens[0].start_char:sentence.tokens[-1].end_char].replace("\r", "")
        assert "\n\n" not in inside
        if per_line:
            assert "\n" not in inside, f"a sentence spans two one-line paragraphs: {inside!r}"


def test_multi_paragraph_quotes_keep_offsets(attributor: Attributor) -> None:
    text = ('The captain spoke first. "We leave at dawn.\n\n'
            '"Bring warm clothes and enough water for two days," she said.\n\n'
            'The crew nodded.')
    assert_offsets(text, attributor.extract(text))


# --------------------------------------------------------------------------- pipe


def test_pipe_keeps_order_and_matches_extract(attributor: Attributor) -> None:
    texts = TEXTS * 2
    results = list(attributor.pipe(texts, batch_size=3))
    assert len(results) == len(texts)
    for text, result in zip(texts, results):
        assert not isinstance(result, Exception)
        assert_offsets(text, result)
        assert list(result) == list(attributor.extract(text))


def test_pipe_reports_a_bad_document_and_goes_on(attributor: Attributor) -> None:
    texts = [TEXTS[0], 42, TEXTS[1], None, "", TEXTS[2]]
    results = list(attributor.pipe(texts, batch_size=2))
    assert len(results) == len(texts)
    for i in (1, 3):
        assert isinstance(results[i], DocumentError)
        assert results[i].index == i
        assert isinstance(results[i].__cause__, TypeError)
    assert results[4] == []
    for i in (0, 2, 5):
        assert list(results[i]) == list(attributor.extract(texts[i]))


def test_pipe_isolates_a_document_the_parser_chokes_on(attributor: Attributor,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    real = attributor._nlp

    def choosy(docs):  # a stanza failure on one document of the batch
        if any("BOOM" in d.text for d in docs):
            raise RuntimeError("the parser broke")
        return real(docs)

    monkeypatch.setattr(attributor, "_nlp", choosy)
    results = list(attributor.pipe([TEXTS[0], "It went BOOM.", TEXTS[1]]))
    assert isinstance(results[1], DocumentError) and "the parser broke" in str(results[1])
    assert not isinstance(results[0], Exception) and not isinstance(results[2], Exception)


def test_pipe_errors_raise_stops_at_the_first_failure(attributor: Attributor) -> None:
    stream = attributor.pipe([TEXTS[0], b"bytes", TEXTS[1]], errors="raise")
    assert not isinstance(next(stream), Exception)
    with pytest.raises(DocumentError, match="document 1"):
        next(stream)


def test_pipe_rejects_bad_arguments(attributor: Attributor) -> None:
    with pytest.raises(ValueError):
        list(attributor.pipe(TEXTS, batch_size=0))
    with pytest.raises(ValueError):
        list(attributor.pipe(TEXTS, errors="ignore"))


def test_module_extract_shares_one_attributor(tiny_models: Path) -> None:
    options = dict(model_dir=str(tiny_models), download="never")
    first = quoteattr.extract(TEXTS[0], **options)
    assert_offsets(TEXTS[0], first)
    shared = [a for key, a in pipeline._shared.items() if dict(key) == options]
    assert len(shared) == 1
    assert quoteattr.extract(TEXTS[0], **options) == first
    assert [a for key, a in pipeline._shared.items() if dict(key) == options] == shared


# --------------------------------------------------------------------------- missing models


def test_missing_models_fail_fast_with_the_fix(tmp_path: Path) -> None:
    attributor = Attributor(model_dir=str(tmp_path), download="never")
    started = time.monotonic()
    with pytest.raises(ModelsMissingError) as caught:
        attributor.extract('"We are ready," the coach said.')
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert str(tmp_path) in message
    assert "resources.json" in message
    assert f"quoteattr download --lang en --model-dir {tmp_path}" in message


def test_missing_models_raise_on_first_use_of_pipe(tmp_path: Path) -> None:
    stream = Attributor(model_dir=str(tmp_path), download="never").pipe(["text"])
    with pytest.raises(ModelsMissingError):
        next(stream)


def test_one_missing_model_file_is_named(tiny_models: Path, tmp_path: Path) -> None:
    copy = tmp_path / "models"
    shutil.copytree(tiny_models, copy)
    (copy / "en" / "depparse" / "tiny.pt").unlink()
    assert pipeline.missing_models("en", str(copy)) == [str(copy / "en" / "depparse" / "tiny.pt")]
    with pytest.raises(ModelsMissingError, match="depparse"):
        Attributor(model_dir=str(copy), download="never").load()


def test_ner_needs_its_own_model(tiny_models: Path) -> None:
    with pytest.raises(ModelsMissingError, match="ner"):
        Attributor(model_dir=str(tiny_models), download="never", ner=True).load()


def test_failed_download_gives_the_same_clear_error(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import stanza

    calls = []

    def offline(*args, **kwargs):
        calls.append(kwargs.get("processors"))
        raise ConnectionError("Failed to resolve 'raw.githubusercontent.com'")

    monkeypatch.setattr(stanza, "download", offline)
    with pytest.raises(ModelsMissingError) as caught:
        Attributor(model_dir=str(tmp_path), download="if_missing").load()
    assert calls == ["tokenize,mwt,pos,lemma,depparse"]
    message = str(caught.value)
    assert "downloading them failed" in message and "raw.githubusercontent.com" in message
    assert "quoteattr download" in message


def test_empty_text_does_not_need_models(tmp_path: Path) -> None:
    assert Attributor(model_dir=str(tmp_path), download="never").extract("") == []


def test_bad_download_option() -> None:
    with pytest.raises(ValueError, match="download must be one of"):
        Attributor(download="always")


# --------------------------------------------------------------------------- paragraph text


@pytest.mark.parametrize("text, parser_text", [
    ("One.\nTwo.\nThree.", "One.\n\nTwo.\n\nThree."),
    ("One.\n\nTwo.\n\nThree.", "One.\n\nTwo.\n\nThree."),
    ("One.\r\nTwo.", "One.\r\n\nTwo."),
    ("No breaks at all.", "No breaks at all."),
])
def test_parser_text_makes_every_paragraph_break_blank(text: str, parser_text: str) -> None:
    prepared = _ParserText(text)
    assert prepared.text == parser_text
    for i, char in enumerate(prepared.text):
        if not char.isspace():
            assert text[prepared.to_original(i)] == char


def test_missing_models_follows_stanza_packages_and_dependencies(tmp_path: Path) -> None:
    """Real stanza directories name packages per processor and share pretrained files."""
    deps = [{"model": "pretrain", "package": "vectors"}, {"model": "forward_charlm", "package": "news"}]
    resources = {"en": {
        "lang_name": "English",
        "packages": {"default": {"tokenize": "combined", "mwt": "combined", "pos": "combined_charlm",
                                 "lemma": "combined_nocharlm", "depparse": "combined_charlm"}},
        "tokenize": {"combined": {}}, "mwt": {"combined": {}},
        "pos": {"combined_charlm": {"dependencies": deps}},
        "lemma": {"combined_nocharlm": {}},
        "depparse": {"combined_charlm": {"dependencies": deps[:1]}},
        "default_processors": {}, "default_dependencies": {},
    }}
    (tmp_path / "resources.json").write_text(json.dumps(resources), encoding="utf-8")
    present = ["tokenize/combined", "mwt/combined", "pos/combined_charlm", "lemma/combined_nocharlm",
               "depparse/combined_charlm", "pretrain/vectors"]
    for name in present:
        (tmp_path / "en" / f"{name}.pt").parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "en" / f"{name}.pt").write_bytes(b"")
    assert pipeline.missing_models("en", str(tmp_path)) == [
        str(tmp_path / "en" / "forward_charlm" / "news.pt")]
    (tmp_path / "en" / "forward_charlm").mkdir()
    (tmp_path / "en" / "forward_charlm" / "news.pt").write_bytes(b"")
    assert pipeline.missing_models("en", str(tmp_path)) == []
    assert pipeline.missing_models("fr", str(tmp_path)) == [f"language 'fr' in {tmp_path / 'resources.json'}"]


# --------------------------------------------------------------------------- long texts, BOM


def test_long_texts_are_parsed_in_pieces_with_offsets_into_the_whole(attributor: Attributor,
                                                                     tiny_models: Path) -> None:
    text = "\n\n".join(TEXTS * 3)
    small = Attributor(model_dir=str(tiny_models), download="never", max_chars=60)
    in_pieces = small.extract(text)
    assert_offsets(text, in_pieces)
    assert list(in_pieces) == list(attributor.extract(text))
    doc = small.parse(text)  # one stanza Document again, offsets into the whole text
    assert doc.text == text
    last = doc.sentences[-1].tokens[-1]
    assert text[last.start_char:last.end_char] == last.text


def test_a_byte_order_mark_is_counted_by_the_offsets(attributor: Attributor) -> None:
    marked = "\ufeff" + TEXTS[0]
    quotes = attributor.extract(marked)
    assert_offsets(marked, quotes)
    assert [(q.start - 1, q.text) for q in quotes] == [(q.start, q.text) for q in attributor.extract(TEXTS[0])]
