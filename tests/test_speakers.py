"""Speaker entities: the character list and the resolution of names, pronouns and
descriptions (quoteattr/characters.py, quoteattr/speakers.py), on invented text."""

from __future__ import annotations

from typing import List, Sequence, Tuple

import quoteattr
from quoteattr.characters import Characters

# --------------------------------------------------------------------------- characters


def _same(chars: Characters, *starts: int) -> bool:
    return len({chars.at[s] for s in starts}) == 1


def test_short_forms_of_one_name_are_one_character() -> None:
    chars = Characters([(0, "Fitzroy Dane", "", "PERSON"), (40, "Dane", "Mr.", ""),
                        (80, "Dane", "", ""), (120, "Fitzroy", "", "")])
    assert _same(chars, 0, 40, 80, 120)
    assert chars.name(chars.at[80]) == "Fitzroy Dane"
    assert chars.gender(chars.at[0]) == "m"  # from "Mr."


def test_a_family_name_with_two_titles_is_several_people() -> None:
    chars = Characters([(0, "Orme", "Mr.", ""), (20, "Orme", "Mrs.", ""),
                        (40, "Hester Orme", "", "PERSON"), (60, "Orme", "Miss", "")])
    assert len({chars.at[s] for s in (0, 20, 40, 60)}) == 4
    assert chars.name(chars.at[20]) == "Mrs. Orme" and chars.gender(chars.at[20]) == "f"
    assert chars.name(chars.at[0]) == "Mr. Orme" and chars.gender(chars.at[0]) == "m"
    assert chars.name(chars.at[40]) == "Hester Orme"


def test_a_bare_surname_goes_to_the_character_named_most() -> None:
    chars = Characters([(0, "Nora Quill", "", "PERSON"), (30, "Quill", "", ""),
                        (60, "Abel Quill", "", "PERSON"), (90, "Quill", "", "")])
    assert chars.name(chars.at[90]) == "Nora Quill"


def test_given_names_and_honorifics_tell_gender() -> None:
    chars = Characters([(0, "Clara", "", ""), (10, "Tom", "", ""), (20, "Pike", "Aunt", "")])
    assert [chars.gender(chars.at[s]) for s in (0, 10, 20)] == ["f", "m", "f"]


# --------------------------------------------------------------------------- documents

Row = Tuple[str, str, str, int, str]  # form, lemma, upos, head (1-based, 0 root), deprel


def _conllu(*sentences: Sequence[Row], ner: bool = False) -> str:
    """CoNLL-U of sentences written as rows; spaces go between tokens except before
    punctuation, after an opening mark and around a hyphen inside a word. With ``ner``
    every proper noun is tagged as a person."""
    out = ["# newdoc id = invented", "# newpar"]
    for n, rows in enumerate(sentences, 1):
        text, lines = "", []
        for i, (form, lemma, upos, head, rel) in enumerate(rows):
            nxt = rows[i + 1][0] if i + 1 < len(rows) else None
            glue = nxt is None or nxt in (",", ".", "”", "-", "!", "?") or form in ("“", "-")
            text += form + ("" if glue else " ")
            tags = (["SpaceAfter=No"] if glue and nxt is not None else []) \
                + (["ner=S-PERSON"] if ner and upos == "PROPN" else [])
            misc = "|".join(tags) or "_"
            lines.append(f"{i + 1}\t{form}\t{lemma}\t{upos}\t_\t_\t{head}\t{rel}\t_\t{misc}")
        out += [f"# sent_id = invented-{n}", f"# text = {text}"] + lines + [""]
    return "\n".join(out) + "\n"


def _speakers(conllu: str) -> List[Tuple[str, str]]:
    return [(q.speaker.text, q.speaker.entity) for q in quoteattr.from_conllu(conllu) if q.speaker]


def _quote_said(words: Sequence[Row], subject: Sequence[Row], verb: str = "said",
                lemma: str = "say", after: bool = False) -> List[Row]:
    """“WORDS,” said SUBJECT. (or “WORDS,” SUBJECT said. with ``after``): the first
    word row is the quote's root; subject rows give heads within the subject, 0 for the verb."""
    n = len(words)
    rows: List[Row] = [("“", "“", "PUNCT", 2, "punct")]
    rows += [(f, l, u, h + 1 if h else 0, r) for f, l, u, h, r in words]
    rows += [(",", ",", "PUNCT", 2, "punct"), ("”", "”", "PUNCT", 2, "punct")]
    verb_at = n + 4 if not after else n + 4 + len(subject)
    first = verb_at + 1 if not after else n + 4
    rows = [(f, l, u, verb_at if h == 0 and r != "punct" else h, r if h else "ccomp")
            if i > 0 else (f, l, u, h, r) for i, (f, l, u, h, r) in enumerate(rows)]
    subj = [(f, l, u, h + first - 1 if h else verb_at, r) for f, l, u, h, r in subject]
    verb_row = (verb, lemma, "VERB", 0, "root")
    rows += ([verb_row] + subj) if not after else (subj + [verb_row])
    rows.append((".", ".", "PUNCT", verb_at, "punct"))
    return rows


WE_ARE_LATE = [("We", "we", "PRON", 3, "nsubj"), ("are", "be", "AUX", 3, "cop"), ("late", "late", "ADJ", 0, "root")]
IT_WONT_LAST = [("It", "it", "PRON", 2, "nsubj"), ("fails", "fail", "VERB", 0, "root")]
NOBODY_ASKED = [("Nobody", "nobody", "PRON", 2, "nsubj"), ("asked", "ask", "VERB", 0, "root")]


def test_said_she_skips_a_nearer_man() -> None:
    # Clara and Tom waited at the gate. “We are late,” said she.
    first = [("Clara", "Clara", "PROPN", 4, "nsubj"), ("and", "and", "CCONJ", 3, "cc"),
             ("Tom", "Tom", "PROPN", 1, "conj"), ("waited", "wait", "VERB", 0, "root"),
             ("at", "at", "ADP", 7, "case"), ("the", "the", "DET", 7, "det"), ("gate", "gate", "NOUN", 4, "obl"),
             (".", ".", "PUNCT", 4, "punct")]
    second = _quote_said(WE_ARE_LATE, [("she", "she", "PRON", 0, "nsubj")])
    assert _speakers(_conllu(first, second)) == [("she", "Clara")]


def test_pronoun_goes_to_a_titled_character() -> None:
    # Mrs. Pell greeted the Dunns. “We are late,” said she.
    first = [("Mrs.", "Mrs.", "PROPN", 2, "compound"), ("Pell", "Pell", "PROPN", 3, "nsubj"),
             ("greeted", "greet", "VERB", 0, "root"), ("the", "the", "DET", 5, "det"),
             ("Dunns", "Dunn", "PROPN", 3, "obj"), (".", ".", "PUNCT", 3, "punct")]
    second = _quote_said(WE_ARE_LATE, [("she", "she", "PRON", 0, "nsubj")])
    assert _speakers(_conllu(first, second)) == [("she", "Mrs. Pell")]


def test_description_takes_the_person_named_in_that_role_and_he_follows_it() -> None:
    # Tom Vance, a former coach, watched from the stands. Lin Hart arrived later.
    # “It fails,” the coach said. “Nobody asked,” he added.
    first = [("Tom", "Tom", "PROPN", 7, "nsubj"), ("Vance", "Vance", "PROPN", 1, "flat"),
             (",", ",", "PUNCT", 6, "punct"), ("a", "a", "DET", 6, "det"),
             ("former", "former", "ADJ", 6, "amod"), ("coach", "coach", "NOUN", 1, "appos"),
             ("watched", "watch", "VERB", 0, "root"), ("from", "from", "ADP", 10, "case"),
             ("the", "the", "DET", 10, "det"), ("stands", "stand", "NOUN", 7, "obl"), (".", ".", "PUNCT", 7, "punct")]
    second = [("Lin", "Lin", "PROPN", 3, "nsubj"), ("Hart", "Hart", "PROPN", 1, "flat"),
              ("arrived", "arrive", "VERB", 0, "root"), ("later", "later", "ADV", 3, "advmod"),
              (".", ".", "PUNCT", 3, "punct")]
    third = _quote_said(IT_WONT_LAST, [("the", "the", "DET", 2, "det"), ("coach", "coach", "NOUN", 0, "nsubj")],
                        after=True)
    fourth = _quote_said(NOBODY_ASKED, [("he", "he", "PRON", 0, "nsubj")], verb="added", lemma="add", after=True)
    assert _speakers(_conllu(first, second, third, fourth)) == [("the coach", "Tom Vance"), ("he", "Tom Vance")]


def test_hyphenated_role_before_a_name() -> None:
    # “It fails,” said study co-author Jane Roe. -- the parse heads the subject on "co"
    rows = _quote_said(IT_WONT_LAST, [("study", "study", "NOUN", 2, "compound"), ("co", "co", "NOUN", 0, "nsubj"),
                                      ("-", "-", "PUNCT", 4, "punct"), ("author", "author", "NOUN", 2, "appos"),
                                      ("Jane", "Jane", "PROPN", 6, "compound"), ("Roe", "Roe", "PROPN", 0, "obj")])
    # "Roe" hangs from the verb as an object: only the hyphen repair reaches it
    assert _speakers(_conllu(rows)) == [("study co-author Jane Roe", "Jane Roe")]


def test_a_name_said_inside_the_quote_is_not_the_pronoun_speaker() -> None:
    # Nell Pryor went out. “Tom waits,” she said.  ("Tom", inside the quote, is nearer)
    first = [("Nell", "Nell", "PROPN", 3, "nsubj"), ("Pryor", "Pryor", "PROPN", 1, "flat"),
             ("went", "go", "VERB", 0, "root"), ("out", "out", "ADV", 3, "advmod"), (".", ".", "PUNCT", 3, "punct")]
    second = _quote_said([("Tom", "Tom", "PROPN", 2, "nsubj"), ("waits", "wait", "VERB", 0, "root")],
                         [("she", "she", "PRON", 0, "nsubj")], after=True)
    assert _speakers(_conllu(first, second)) == [("she", "Nell Pryor")]


def test_a_pronoun_prefers_a_subject_to_a_name_met_as_an_object() -> None:
    # Ivo Marr spoke with Dale Brant. “It fails,” he said.  (he: Ivo Marr, the subject)
    first = [("Ivo", "Ivo", "PROPN", 3, "nsubj"), ("Marr", "Marr", "PROPN", 1, "flat"),
             ("spoke", "speak", "VERB", 0, "root"), ("with", "with", "ADP", 6, "case"),
             ("Dale", "Dale", "PROPN", 6, "compound"), ("Brant", "Brant", "PROPN", 3, "obl"), (".", ".", "PUNCT", 3, "punct")]
    second = _quote_said(IT_WONT_LAST, [("he", "he", "PRON", 0, "nsubj")], after=True)
    assert _speakers(_conllu(first, second, ner=True)) == [("he", "Ivo Marr")]
