"""The list of reporting nouns (quoteattr/data/reporting_nouns.tsv) and how it is read."""

import pytest

from quoteattr.attribution.nominal import REPORTING_ADJECTIVES, REPORTING_NOUNS, read_nouns


def test_the_shipped_list_reads_and_leaves_out_nouns_of_intention():
    assert REPORTING_NOUNS["claim"] == {"clause", "infinitive"}
    assert REPORTING_NOUNS["criticism"] == {"of"}
    assert "plan" not in REPORTING_NOUNS and "decision" not in REPORTING_NOUNS
    assert REPORTING_ADJECTIVES["eager"] == {"infinitive"}
    assert "able" not in REPORTING_ADJECTIVES and "likely" not in REPORTING_ADJECTIVES


def test_a_row_with_an_unknown_complement_says_which_line(tmp_path):
    path = tmp_path / "nouns.tsv"
    path.write_text("# a comment\nlemma\tcomplements\nboast\tclause\nvow\tadverb\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"nouns.tsv:4: expected a lemma, a tab and some of clause, infinitive, of"):
        read_nouns(str(path))


def test_a_good_file_gives_each_lemma_its_complements(tmp_path):
    path = tmp_path / "nouns.tsv"
    path.write_text("Boast\tclause, of\n", encoding="utf-8")
    assert read_nouns(str(path)) == {"boast": frozenset({"clause", "of"})}
