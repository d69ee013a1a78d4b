"""Tests of the LitBank benchmark (benchmarks/litbank.py) on small invented excerpts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import litbank  # noqa: E402
from benchmarks.litbank import (  # noqa: E402
    LITBANK_TRIM,
    Excerpt,
    attribution_errors,
    figures,
    paragraphs,
    score_runs,
    to_gold,
)
from benchmarks.polnear import Run  # noqa: E402
from benchmarks.scoring import trim  # noqa: E402
from quoteattr.model import Quote, Speaker  # noqa: E402

# An invented scene: two speakers, one of them met as a name, a nominal and a pronoun.
TEXT = (
    "Mara Quill set the lantern on the sill.\n\n"
    "\u201cIs the ferry late again?\u201d asked the keeper.\n\n"
    "\u201cIt is never on time,\u201d she said. \u201cNot once this winter.\u201d\n\n"
    "\u2014We could walk, the keeper offered.\n"
)


def at(sub: str, nth: int = 0, text: str = TEXT) -> Tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``sub``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


MARA = [at("Mara Quill"), at("she")]
KEEPER = [at("the keeper"), at("the keeper", 1)]
GOLD = [  # content between the marks, as LitBank stores it
    (at("Is the ferry late again?"), "the keeper", KEEPER),
    (at("It is never on time,"), "Mara", MARA),
    (at("Not once this winter."), "Mara", MARA),
    (at("We could walk,"), "the keeper", KEEPER),
]


def excerpt(golds=GOLD, text: str = TEXT, doc_id: str = "scene") -> Excerpt:
    quotes = tuple(
        {"start": s, "end": e, "speaker_entity": name, "speaker_name": name,
         "speaker_mentions": [list(m) for m in mentions]}
        for (s, e), name, mentions in golds
    )
    return Excerpt(doc_id, "an invented scene", text, quotes)


def quote(span: Tuple[int, int], speaker: Optional[str] = None, nth: int = 0,
          kind: str = "direct", rule: str = "test") -> Quote:
    s, e = span
    spk = Speaker(*at(speaker, nth), speaker) if speaker else None
    return Quote(s, e, TEXT[s:e], kind, speaker=spk, rule=rule)


def with_marks(sub: str) -> Tuple[int, int]:
    """The span of ``sub`` widened by one character on each side (its quotation marks)."""
    s, e = at(sub)
    return s - 1, e + 1


def score(quotes: Sequence[Quote], ex: Optional[Excerpt] = None):
    ex = ex or excerpt()
    return score_runs({ex.doc_id: ex}, [Run(ex.doc_id, ex.text, list(quotes))])


def figs(quotes: Sequence[Quote], ex: Optional[Excerpt] = None):
    return figures(score(quotes, ex))


# --------------------------------------------------------------------------- trimming


def test_trim_drops_marks_dashes_and_end_punctuation():
    text = "\u2014\u201cWhere to?!\u201d--"
    s, e = trim(text, 0, len(text), LITBANK_TRIM)
    assert text[s:e] == "Where to"


def test_trim_keeps_inner_punctuation():
    text = "\u2018Well, no -- not yet.\u2019"
    s, e = trim(text, 0, len(text), LITBANK_TRIM)
    assert text[s:e] == "Well, no -- not yet"


def test_quote_with_marks_matches_gold_without_them():
    quotes = [quote(with_marks("Is the ferry late again?"), "the keeper")]
    result = score(quotes)[0]
    assert result.quotes[0].gold == 0
    assert result.quotes[0].exact  # equal once both are trimmed


def test_em_dash_line_is_trimmed_to_its_words():
    s, _ = at("\u2014We could walk,")
    _, e = at("We could walk,")
    result = score([quote((s, e), "the keeper", nth=1)])[0]
    assert result.quotes[0].exact and result.golds[3].found


# --------------------------------------------------------------------------- matching


def test_match_goes_to_the_gold_sharing_most_characters():
    # From "time," across the speech verb to "Not once this winter.": most of it is the
    # second quote of the paragraph.
    s, _ = at("time,")
    _, e = at("Not once this winter.")
    result = score([quote((s, e), "she")])[0]
    assert result.quotes[0].gold == 2


def test_quote_sharing_less_than_half_does_not_match():
    # "again?" plus the whole frame: the gold part is under half of the system quote.
    s, _ = at("again?")
    _, e = at("asked the keeper")
    result = score([quote((s, e), "the keeper")])[0]
    assert not result.quotes[0].matched
    f = figs([quote((s, e), "the keeper")])
    assert f["counts"]["system"] == 1 and f["counts"]["matched"] == 0


def test_gold_found_when_half_is_covered():
    s, e = at("Is the ferry late again?")
    half = quote((s, s + (e - s) // 2 + 1), "the keeper")
    less = quote((s, s + 6), "the keeper")
    assert score([half])[0].golds[0].found
    assert not score([less])[0].golds[0].found


def test_indirect_quotes_are_not_scored():
    quotes = [quote(at("Is the ferry late again?"), "the keeper"),
              quote(at("Mara Quill set the lantern"), "Mara Quill", kind="indirect")]
    f = figs(quotes)
    assert f["counts"]["system"] == 1
    assert f["metrics"]["quote_p"] == 100.0


def test_mixed_quotes_are_scored():
    f = figs([quote(at("Is the ferry late again?"), "the keeper", kind="mixed")])
    assert f["counts"]["system"] == 1 and f["counts"]["matched"] == 1


# --------------------------------------------------------------------------- speakers


def test_speaker_right_when_it_overlaps_any_mention():
    # "Mara Quill" is a mention of the gold entity far from the quote; still right.
    result = score([quote(at("It is never on time,"), "Mara Quill")])[0]
    assert result.quotes[0].speaker_ok


def test_speaker_right_when_it_overlaps_part_of_a_mention():
    result = score([quote(at("It is never on time,"), "Quill")])[0]
    assert result.quotes[0].speaker_ok


def test_speaker_of_another_entity_is_wrong():
    result = score([quote(at("It is never on time,"), "the keeper")])[0]
    assert result.quotes[0].matched and not result.quotes[0].speaker_ok


def test_missing_speaker_is_wrong():
    result = score([quote(at("It is never on time,"))])[0]
    assert result.quotes[0].matched and not result.quotes[0].speaker_ok


# --------------------------------------------------------------------------- figures


def test_figures_by_hand():
    quotes = [
        quote(at("Is the ferry late again?"), "the keeper"),  # right
        quote(at("It is never on time,"), "the keeper"),  # wrong speaker
        quote(at("Not once this winter."), "she"),  # right
        quote(at("lantern"), "Mara Quill"),  # false alarm
    ]  # "We could walk" is missed
    f = figs(quotes)
    c, m = f["counts"], f["metrics"]
    assert (c["system"], c["matched"], c["attr_matched"]) == (4, 3, 2)
    assert (c["gold"], c["found"], c["attr_found"], c["speaker_right"]) == (4, 3, 2, 2)
    assert m["quote_p"] == 75.0 and m["quote_r"] == 75.0 and m["quote_f1"] == 75.0
    assert m["attribution_p"] == 50.0 and m["attribution_r"] == 50.0
    assert m["speaker_accuracy"] == pytest.approx(100 * 2 / 3)


def test_speaker_accuracy_follows_the_best_matching_quote():
    s, e = at("Is the ferry late again?")
    cut = s + 6  # "Is the" | " ferry late again?"
    small_right = quote((s, cut), "the keeper")
    big_wrong = quote((cut, e), "Mara Quill")
    f = figs([small_right, big_wrong])
    assert f["counts"]["found"] == 1 and f["counts"]["speaker_right"] == 0
    small_wrong = quote((s, cut), "Mara Quill")
    big_right = quote((cut, e), "the keeper")
    f = figs([small_wrong, big_right])
    assert f["counts"]["speaker_right"] == 1


def test_speaker_accuracy_counts_only_found_quotes():
    f = figs([quote(at("Is the ferry late again?"), "the keeper")])
    assert f["counts"]["found"] == 1 and f["metrics"]["speaker_accuracy"] == 100.0


def test_errors_are_sorted_into_missed_no_speaker_and_wrong():
    quotes = [
        quote(at("Is the ferry late again?"), "the keeper"),
        quote(at("It is never on time,"), "the keeper"),
        quote(at("Not once this winter.")),
    ]
    kinds = {g.gold.id: kind for _, g, kind in attribution_errors(score(quotes))}
    assert kinds == {"Q1": "wrong speaker", "Q2": "no speaker", "Q3": "missed"}


def test_to_gold_keeps_every_mention():
    golds = to_gold(excerpt())
    assert golds[1].source == tuple(sorted(MARA))
    assert golds[1].content_text == "It is never on time,"


def test_paragraphs_split_at_blank_lines():
    spans = paragraphs(TEXT)
    assert len(spans) == 4
    assert TEXT[spans[0][0]:spans[0][1]] == "Mara Quill set the lantern on the sill."


def test_oracle_scores_100():
    ex = excerpt()
    runs = litbank.run_oracle({ex.doc_id: ex}, [ex.doc_id])
    f = figures(score_runs({ex.doc_id: ex}, runs))
    m = f["metrics"]
    assert m["quote_f1"] == m["attribution_f1"] == m["speaker_accuracy"] == 100.0


# --------------------------------------------------------------------------- the corpus


DATA = litbank.DEFAULT_DATA
needs_corpus = pytest.mark.skipif(
    not ((DATA / litbank.GOLD_FILE).is_file() and (DATA / litbank.DOCBIN_FILE).is_file()),
    reason=f"LitBank not found in {DATA}",
)


def run_main(args: List[str], tmp_path: Path, capsys) -> dict:
    out = tmp_path / "litbank.json"
    assert litbank.main(["--data", str(DATA), "--limit", "2", "--json", str(out)] + args) == 0
    capsys.readouterr()
    return json.loads(out.read_text(encoding="utf-8"))


@needs_corpus
def test_benchmark_runs_on_two_excerpts(tmp_path, capsys):
    report = run_main(["--rules", "--errors", "2"], tmp_path, capsys)
    assert report["docs"] == 2 and not report["failed"]
    m = report["metrics"]
    for key in ("quote_f1", "attribution_f1", "speaker_accuracy"):
        assert 0.0 <= m[key] <= 100.0
    assert m["quote_f1"] > 50.0  # far above nothing on any two excerpts
    assert report["counts"]["gold"] > 0 and report["rules"]


@needs_corpus
def test_oracle_on_two_excerpts(tmp_path, capsys):
    m = run_main(["--oracle"], tmp_path, capsys)["metrics"]
    assert m["quote_f1"] == m["attribution_f1"] == m["speaker_accuracy"] == 100.0
