"""The reporting verb lexicon: the shipped data file and run-time extension."""

import pytest

import quoteattr
from quoteattr.lexicon import COMPLEMENTS, Lexicon, Verb, as_lexicon

# A sentence of our own with a verb the shipped list does not hold.
CONLLU = """# newpar
# text = Lena Ortiz opined that the budget was too small.
1\tLena\tLena\tPROPN\tNNP\t_\t3\tnsubj\t_\t_
2\tOrtiz\tOrtiz\tPROPN\tNNP\t_\t1\tflat\t_\t_
3\topined\topine\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthat\tthat\tSCONJ\tIN\t_\t9\tmark\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_
6\tbudget\tbudget\tNOUN\tNN\t_\t9\tnsubj\t_\t_
7\twas\tbe\tAUX\tVBD\t_\t9\tcop\t_\t_
8\ttoo\ttoo\tADV\tRB\t_\t9\tadvmod\t_\t_
9\tsmall\tsmall\tADJ\tJJ\t_\t3\tccomp\t_\tSpaceAfter=No
10\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_
"""


def test_the_shipped_list_is_large_and_well_formed() -> None:
    lex = Lexicon.default()
    assert len(lex) >= 150
    for verb in lex.verbs.values():
        assert verb.lemma == verb.lemma.lower() and verb.complements <= COMPLEMENTS
        assert "clause" in verb.complements
    for lemma in ("say", "tell", "add", "note", "state", "claim", "argue", "warn", "insist",
                  "explain", "announce", "write", "tweet", "ask", "reply", "suggest",
                  "acknowledge", "deny"):
        assert lemma in lex, lemma
    assert lex.get("think").needs_clause and not lex.get("say").needs_clause


def test_extend_and_without_return_new_lexicons() -> None:
    lex = Lexicon.default()
    more = lex.extend(["Opine", Verb("kvetch", "speech")]).extend({"surmise": "cognition"})
    assert {"opine", "kvetch", "surmise"} <= set(more.verbs) and "opine" not in lex
    assert more.get("surmise").needs_clause
    assert "say" not in lex.without(["say"]) and "say" in lex


def test_as_lexicon_accepts_lemmas_and_rejects_a_string() -> None:
    assert as_lexicon(None) is Lexicon.default()
    assert "opine" in as_lexicon(["opine"])
    with pytest.raises(TypeError, match="not a str"):
        as_lexicon("opine")


def test_bad_rows_are_reported(tmp_path) -> None:
    path = tmp_path / "verbs.tsv"
    path.write_text("lemma\tclass\nsay\tspeech\tneutral\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2 has 3 columns, expected 2"):
        Lexicon.from_tsv(str(path))
    path.write_text("lemma\tcomplements\nsay\tclause adverb\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown complements"):
        Lexicon.from_tsv(str(path))


def test_a_user_verb_changes_what_is_found() -> None:
    assert quoteattr.from_conllu(CONLLU) == []
    quotes = quoteattr.from_conllu(CONLLU, lexicon=["opine"])
    assert [(q.text, q.kind.value, q.speaker.text, q.cue.lemma) for q in quotes] == [
        ("the budget was too small", "indirect", "Lena Ortiz", "opine")]
