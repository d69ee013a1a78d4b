"""Tests of the entity measures of the benchmarks (benchmarks/litbank.py, benchmarks/entities.py)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.entities import name_words  # noqa: E402
from benchmarks.litbank import entity_right, gold_names  # noqa: E402

TEXT = "Mr. Orme came in. Mrs. Orme smiled at him. He sat down."


def test_litbank_names_keep_mr_and_mrs_apart() -> None:
    gold = gold_names(TEXT, {"speaker_entity": "Mrs_Orme-3", "speaker_name": "Mrs. Orme",
                             "speaker_mentions": [[18, 27]]})
    assert entity_right("Mrs. Orme", gold)
    assert not entity_right("Mr. Orme", gold)
    assert entity_right("Orme", gold)  # a bare surname is not told apart: a rough match
    assert not entity_right(None, gold)


def test_litbank_names_come_from_mentions_not_pronouns() -> None:
    gold = gold_names(TEXT, {"speaker_entity": "man-1", "speaker_name": "the man",
                             "speaker_mentions": [[0, 8], [37, 40]]})
    assert entity_right("Mr. Orme", gold) and not entity_right("Hal Reed", gold)


def test_polnear_name_words_skip_sentence_capitals_and_titles() -> None:
    text = "Officials said so. The officials and Sen. Ada Lusk disagreed."
    assert name_words(text, "Officials") == set()
    assert name_words(text, "Sen. Ada Lusk") == {"ada", "lusk"}
