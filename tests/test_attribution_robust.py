"""The sieves meet parses far worse than any in tests/conllu: every tag and relation
wrong somewhere. Whatever the labels say, attribution must return well-formed quotes
(offsets that slice the text) and never fail inside a rule."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr.parsed import read_conllu

CONLLU = Path(__file__).resolve().parent / "conllu"
FILES = sorted(CONLLU.glob("*.conllu"))
UPOS = ["NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADV", "PRON", "DET", "ADP", "PUNCT", "CCONJ", "PART", "NUM"]
XPOS = ["NN", "NNS", "NNP", "VB", "VBD", "VBZ", "VBG", "VBN", "JJ", "RB", "PRP", "DT", "IN", ",", ":", "``"]
RELS = ["nsubj", "obj", "ccomp", "xcomp", "advcl", "parataxis", "dep", "conj", "acl", "acl:relcl", "obl",
        "nmod", "case", "mark", "punct", "compound", "appos", "nsubj:pass", "cc", "fixed", "amod", "det"]


def relabel(source: str, draw_label) -> str:
    """The same trees with some UPOS, XPOS and DEPREL values replaced."""
    out = []
    for line in source.splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit():
            cols[3] = draw_label(UPOS, cols[3])
            cols[4] = draw_label(XPOS, cols[4])
            if cols[6] != "0":
                cols[7] = draw_label(RELS, cols[7])
            line = "\t".join(cols)
        out.append(line)
    return "\n".join(out) + "\n"


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(FILES), st.randoms(use_true_random=False), st.floats(0.1, 0.9))
def test_relabelled_parses_give_well_formed_quotes(path: Path, rng, rate: float) -> None:
    def draw_label(choices, old):
        return rng.choice(choices) if rng.random() < rate else old

    source = relabel(path.read_text(encoding="utf-8"), draw_label)
    doc_text = read_conllu(source, None).text
    for q in quoteattr.from_conllu(source):
        assert doc_text[q.start:q.end] == q.text
        for part in (q.speaker, q.cue):
            if part is not None:
                assert doc_text[part.start:part.end] == part.text


def flat_dialogue(n: int) -> str:
    """One sentence with no structure: an opening word that heads every other word, then
    ``n`` times ``“Go,” Ann said,`` (a parse of text with no sentence breaks)."""
    words = ["Then"] + ["“", "Go", ",", "”", "Ann", "said", ","] * n
    rows = []
    for k, word in enumerate(words, 1):
        upos = {"said": "VERB", "Go": "VERB", "Ann": "PROPN", "Then": "ADV"}.get(word, "PUNCT")
        lemma = "say" if word == "said" else word.lower()
        head, rel = (0, "root") if k == 1 else (1, "dep")
        rows.append(f"{k}\t{word}\t{lemma}\t{upos}\t_\t_\t{head}\t{rel}\t_\t_")
    return "\n".join(rows) + "\n\n"


def test_a_head_with_thousands_of_children_is_scanned_once(monkeypatch) -> None:
    """Every quote of a flat parse climbs to the same head; what sits beside that head
    is looked up once per document, not once per quote (which was quadratic)."""
    from quoteattr.attribution import syntax

    calls: dict = {}
    real = syntax._parenthetical

    def counting(ctx, j):
        calls[j] = calls.get(j, 0) + 1
        return real(ctx, j)

    monkeypatch.setattr(syntax, "_parenthetical", counting)
    quotes = quoteattr.from_conllu(flat_dialogue(60))
    assert len(quotes) >= 59
    assert calls and max(calls.values()) == 1
