"""spaCy input: hand-built Docs against hand-written UD parses of the same sentences.

Each construction is one table: the words with spaCy's ClearNLP parse next to the UD v2
parse that says the same thing. The spaCy columns build a ``Doc`` (no model needed),
the UD columns a CoNLL-U text. The converter must turn the first into the second, and
both inputs must give the same quotes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import List, NamedTuple, Optional, Tuple

import pytest

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, DocBin  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

from quoteattr import from_conllu, from_spacy  # noqa: E402
from quoteattr.parsed import read_conllu  # noqa: E402
from quoteattr.spacy_input import document_from_spacy  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed"


class Row(NamedTuple):
    word: str
    sp_head: int  # 1-based within the sentence, 0 for the root
    sp_dep: str
    ud_head: int
    ud_dep: str
    upos: str
    xpos: str
    lemma: str


def parse_table(table: str) -> List[List[Row]]:
    """Sentences of rows; a blank line separates sentences."""
    sentences: List[List[Row]] = [[]]
    for line in table.strip("\n").splitlines():
        if not line.strip():
            sentences.append([])
            continue
        w, sh, sd, uh, ud, upos, xpos, lemma = line.split()
        sentences[-1].append(Row(w, int(sh), sd, int(uh), ud, upos, xpos, lemma))
    return [s for s in sentences if s]


def spaces_for(text: str, words: List[str]) -> List[bool]:
    """Whether a space follows each word, read off the text the words spell."""
    spaces, pos = [], 0
    for w in words:
        pos = text.index(w, pos) + len(w)
        spaces.append(text[pos:pos + 1] == " ")
    return spaces


def spacy_doc(text: str, table: str) -> Doc:
    sentences = parse_table(table)
    rows = [r for s in sentences for r in s]
    heads, base = [], 0
    for s in sentences:
        heads += [base + (r.sp_head or k + 1) - 1 for k, r in enumerate(s)]
        base += len(s)
    words = [r.word for r in rows]
    doc = Doc(Vocab(), words=words, spaces=spaces_for(text, words), heads=heads,
              deps=[r.sp_dep for r in rows], pos=[r.upos for r in rows],
              tags=[r.xpos for r in rows], lemmas=[r.lemma for r in rows])
    assert doc.text == text
    return doc


def conllu(text: str, table: str) -> str:
    """The UD columns as CoNLL-U, with ``SpaceAfter=No`` where the text has no space."""
    lines = []
    for s in parse_table(table):
        space = spaces_for(text, [r.word for r in s])
        for k, r in enumerate(s, 1):
            misc = "_" if space[k - 1] or k == len(s) else "SpaceAfter=No"
            lines.append("\t".join([str(k), r.word, r.lemma, r.upos, r.xpos, "_",
                                    str(r.ud_head), r.ud_dep, "_", misc]))
        lines.append("")
    return "\n".join(lines) + "\n"


def summary(quotes) -> List[Tuple[str, str, Optional[str], Optional[str]]]:
    return [(q.text, q.kind.value, q.speaker.text if q.speaker else None,
             q.cue.text if q.cue else None) for q in quotes]


class Case(NamedTuple):
    text: str
    table: str
    expect: List[Tuple[str, str, Optional[str], Optional[str]]]  # text, kind, speaker, cue


#   word       spaCy head/dep   UD head/dep     UPOS  XPOS lemma
CASES = {
    "quote_then_he_said": Case(
        "“We will rebuild the bridge by May,” she said.", """
“           12 punct       12 punct       PUNCT ``   “
We           4 nsubj        4 nsubj       PRON  PRP  we
will         4 aux          4 aux         AUX   MD   will
rebuild     12 ccomp       12 ccomp       VERB  VB   rebuild
the          6 det          6 det         DET   DT   the
bridge       4 dobj         4 obj         NOUN  NN   bridge
by           4 prep         8 case        ADP   IN   by
May          7 pobj         4 obl         PROPN NNP  May
,           12 punct       12 punct       PUNCT ,    ,
”           12 punct       12 punct       PUNCT ''   ”
she         12 nsubj       12 nsubj       PRON  PRP  she
said         0 ROOT         0 root        VERB  VBD  say
.           12 punct       12 punct       PUNCT .    .
""", [("“We will rebuild the bridge by May,”", "direct", "she", "said")]),

    "np_said_colon": Case(
        "The mayor said: “The water is safe.”", """
The          2 det          2 det         DET   DT   the
mayor        3 nsubj        3 nsubj       NOUN  NN   mayor
said         0 ROOT         0 root        VERB  VBD  say
:            3 punct        3 punct       PUNCT :    :
“            8 punct        9 punct       PUNCT ``   “
The          7 det          7 det         DET   DT   the
water        8 nsubj        9 nsubj       NOUN  NN   water
is           3 ccomp        9 cop         AUX   VBZ  be
safe         8 acomp        3 ccomp       ADJ   JJ   safe
.            3 punct        3 punct       PUNCT .    .
”            3 punct        3 punct       PUNCT ''   ”
""", [("“The water is safe.”", "direct", "The mayor", "said")]),

    "quote_said_np": Case(
        "“Prices will fall,” said Mark Ruiz.", """
“            7 punct        7 punct       PUNCT ``   “
Prices       4 nsubj        4 nsubj       NOUN  NNS  price
will         4 aux          4 aux         AUX   MD   will
fall         7 ccomp        7 ccomp       VERB  VB   fall
,            7 punct        7 punct       PUNCT ,    ,
”            7 punct        7 punct       PUNCT ''   ”
said         0 ROOT         0 root        VERB  VBD  say
Mark         9 compound     9 compound    PROPN NNP  Mark
Ruiz         7 nsubj        7 nsubj       PROPN NNP  Ruiz
.            7 punct        7 punct       PUNCT .    .
""", [("“Prices will fall,”", "direct", "Mark Ruiz", "said")]),

    "split_quote": Case(
        "“The plan is sound,” she said, “but it needs money.”", """
“            4 punct        5 punct       PUNCT ``   “
The          3 det          3 det         DET   DT   the
plan         4 nsubj        5 nsubj       NOUN  NN   plan
is           9 ccomp        5 cop         AUX   VBZ  be
sound        4 acomp        9 ccomp       ADJ   JJ   sound
,            9 punct        9 punct       PUNCT ,    ,
”            9 punct        9 punct       PUNCT ''   ”
she          9 nsubj        9 nsubj       PRON  PRP  she
said         0 ROOT         0 root        VERB  VBD  say
,            9 punct        9 punct       PUNCT ,    ,
“           14 punct       14 punct       PUNCT ``   “
but         14 cc          14 cc          CCONJ CC   but
it          14 nsubj       14 nsubj       PRON  PRP  it
needs        9 ccomp        9 ccomp       VERB  VBZ  need
money       14 dobj        14 obj         NOUN  NN   money
.            9 punct        9 punct       PUNCT .    .
”            9 punct        9 punct       PUNCT ''   ”
""", [("“The plan is sound,”", "direct", "she", "said"),
      ("“but it needs money.”", "direct", "she", "said")]),

    "indirect_announced_that": Case(
        "The council announced on Monday that the library in Elm Street would close.", """
The          2 det          2 det         DET   DT   the
council      3 nsubj        3 nsubj       NOUN  NN   council
announced    0 ROOT         0 root        VERB  VBD  announce
on           3 prep         5 case        ADP   IN   on
Monday       4 pobj         3 obl         PROPN NNP  Monday
that        13 mark        13 mark        SCONJ IN   that
the          8 det          8 det         DET   DT   the
library     13 nsubj       13 nsubj       NOUN  NN   library
in           8 prep        11 case        ADP   IN   in
Elm         11 compound    11 compound    PROPN NNP  Elm
Street       9 pobj         8 nmod        PROPN NNP  Street
would       13 aux         13 aux         AUX   MD   would
close        3 ccomp        3 ccomp       VERB  VB   close
.            3 punct        3 punct       PUNCT .    .
""", [("the library in Elm Street would close", "indirect", "The council", "announced")]),

    "passive_agent": Case(
        "“Keep the doors closed,” the residents were warned by the fire chief.", """
“           11 punct       11 punct       PUNCT ``   “
Keep        11 ccomp       11 ccomp       VERB  VB   keep
the          4 det          4 det         DET   DT   the
doors        2 dobj         2 obj         NOUN  NNS  door
closed       2 oprd         2 xcomp       ADJ   JJ   closed
,           11 punct       11 punct       PUNCT ,    ,
”           11 punct       11 punct       PUNCT ''   ”
the          9 det          9 det         DET   DT   the
residents   11 nsubjpass   11 nsubj:pass  NOUN  NNS  resident
were        11 auxpass     11 aux:pass    AUX   VBD  be
warned       0 ROOT         0 root        VERB  VBN  warn
by          11 agent       15 case        ADP   IN   by
the         15 det         15 det         DET   DT   the
fire        15 compound    15 compound    NOUN  NN   fire
chief       12 pobj        11 obl:agent   NOUN  NN   chief
.           11 punct       11 punct       PUNCT .    .
""", [("“Keep the doors closed,”", "direct", "the fire chief", "warned")]),

    "quoted_by_as_saying": Case(
        "“Exports are falling,” the minister was quoted by a newspaper as saying.", """
“            4 punct        4 punct       PUNCT ``   “
Exports      4 nsubj        4 nsubj       NOUN  NNS  export
are          4 aux          4 aux         AUX   VBP  be
falling     15 ccomp       15 ccomp       VERB  VBG  fall
,           10 punct       10 punct       PUNCT ,    ,
”           10 punct       10 punct       PUNCT ''   ”
the          8 det          8 det         DET   DT   the
minister    10 nsubjpass   10 nsubj:pass  NOUN  NN   minister
was         10 auxpass     10 aux:pass    AUX   VBD  be
quoted       0 ROOT         0 root        VERB  VBN  quote
by          10 agent       13 case        ADP   IN   by
a           13 det         13 det         DET   DT   a
newspaper   11 pobj        10 obl:agent   NOUN  NN   newspaper
as          10 prep        15 mark        ADP   IN   as
saying      14 pcomp       10 advcl       VERB  VBG  say
.           10 punct       10 punct       PUNCT .    .
""", [("“Exports are falling,”", "direct", "the minister", "saying")]),

    "according_to": Case(
        "According to the police, the driver was unhurt.", """
According    8 prep         4 case        VERB  VBG  accord
to           1 prep         1 fixed       ADP   IN   to
the          4 det          4 det         DET   DT   the
police       2 pobj         9 obl         NOUN  NN   police
,            8 punct        9 punct       PUNCT ,    ,
the          7 det          7 det         DET   DT   the
driver       8 nsubj        9 nsubj       NOUN  NN   driver
was          0 ROOT         9 cop         AUX   VBD  be
unhurt       8 acomp        0 root        ADJ   JJ   unhurt
.            8 punct        9 punct       PUNCT .    .
""", [("the driver was unhurt", "indirect", "the police", "According to")]),

    "mixed_quote": Case(
        "She said the plan was “a serious mistake.”", """
She          2 nsubj        2 nsubj       PRON  PRP  she
said         0 ROOT         0 root        VERB  VBD  say
the          4 det          4 det         DET   DT   the
plan         5 nsubj        9 nsubj       NOUN  NN   plan
was          2 ccomp        9 cop         AUX   VBD  be
“            9 punct        9 punct       PUNCT ``   “
a            9 det          9 det         DET   DT   a
serious      9 amod         9 amod        ADJ   JJ   serious
mistake      5 attr         2 ccomp       NOUN  NN   mistake
.            2 punct        2 punct       PUNCT .    .
”            9 punct        9 punct       PUNCT ''   ”
""", [("the plan was “a serious mistake.”", "mixed", "She", "said")]),  # the fragment is no second quote

    "appositive_speaker": Case(
        "“The ward has never been this busy,” Nora Quill, a nurse at the clinic, said.", """
“            6 punct        8 punct       PUNCT ``   “
The          3 det          3 det         DET   DT   the
ward         6 nsubj        8 nsubj       NOUN  NN   ward
has          6 aux          8 aux         AUX   VBZ  have
never        6 neg          8 advmod      ADV   RB   never
been        20 ccomp        8 cop         AUX   VBN  be
this         8 advmod       8 advmod      ADV   RB   this
busy         6 acomp       20 ccomp       ADJ   JJ   busy
,           20 punct       20 punct       PUNCT ,    ,
”           20 punct       20 punct       PUNCT ''   ”
Nora        12 compound    12 compound    PROPN NNP  Nora
Quill       20 nsubj       20 nsubj       PROPN NNP  Quill
,           12 punct       12 punct       PUNCT ,    ,
a           15 det         15 det         DET   DT   a
nurse       12 appos       12 appos       NOUN  NN   nurse
at          15 prep        18 case        ADP   IN   at
the         18 det         18 det         DET   DT   the
clinic      16 pobj        15 nmod        NOUN  NN   clinic
,           12 punct       12 punct       PUNCT ,    ,
said         0 ROOT         0 root        VERB  VBD  say
.           20 punct       20 punct       PUNCT .    .
""", [("“The ward has never been this busy,”", "direct", "Nora Quill, a nurse at the clinic", "said")]),
}


def ud_tree(table: str) -> List[Tuple[str, int, str]]:
    """(word, document-wide head or -1, label) from the UD columns."""
    out, base = [], 0
    for s in parse_table(table):
        out += [(r.word, base + r.ud_head - 1 if r.ud_head else -1, r.ud_dep) for r in s]
        base += len(s)
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_converter_gives_the_hand_written_ud_tree(name: str) -> None:
    case = CASES[name]
    document = document_from_spacy(spacy_doc(case.text, case.table))
    assert [(t.text, t.head, t.deprel) for t in document.tokens] == ud_tree(case.table)


@pytest.mark.parametrize("name", sorted(CASES))
def test_spacy_and_conllu_give_the_same_quotes(name: str) -> None:
    case = CASES[name]
    ud = conllu(case.text, case.table)
    assert read_conllu(ud).text == case.text
    from_ud = from_conllu(ud)
    from_doc = from_spacy(spacy_doc(case.text, case.table))
    assert [q.to_dict() for q in from_doc] == [q.to_dict() for q in from_ud]


@pytest.mark.parametrize("name", sorted(CASES))
def test_quotes_from_spacy(name: str) -> None:
    case = CASES[name]
    assert summary(from_spacy(spacy_doc(case.text, case.table))) == case.expect


# --------------------------------------------------------------------------- labels


def small_doc(text: str, heads: List[int], deps: List[str], pos: List[str],
              tags: Optional[List[str]] = None, lemmas: Optional[List[str]] = None,
              ents: Optional[List[str]] = None) -> Doc:
    """A one-sentence Doc from whitespace-separated ``text``; ``heads`` are 0-based."""
    words = text.split()
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos,
               tags=tags or ["XX"] * len(words), lemmas=lemmas or [w.lower() for w in words],
               ents=ents)


def labels(doc: Doc) -> List[Tuple[str, str, str]]:
    """(word, label, head word) per token of the converted document."""
    d = document_from_spacy(doc)
    return [(t.text, t.deprel, d.tokens[t.head].text if t.head >= 0 else "-") for t in d.tokens]


def test_prepositional_object_takes_the_preposition_s_place() -> None:
    # "aides in Ohio spoke after midnight": a PP under a noun (nmod) and under a verb (obl)
    doc = small_doc("aides in Ohio spoke after midnight", [3, 0, 1, 3, 3, 4],
                    ["nsubj", "prep", "pobj", "ROOT", "prep", "pobj"],
                    ["NOUN", "ADP", "PROPN", "VERB", "ADP", "NOUN"])
    assert labels(doc) == [
        ("aides", "nsubj", "spoke"), ("in", "case", "Ohio"), ("Ohio", "nmod", "aides"),
        ("spoke", "root", "-"), ("after", "case", "midnight"), ("midnight", "obl", "spoke"),
    ]


def test_conjoined_prepositional_phrases() -> None:
    # "met in Rome and in Oslo": the second object becomes a conjunct of the first
    doc = small_doc("met in Rome and in Oslo", [0, 0, 1, 1, 1, 4],
                    ["ROOT", "prep", "pobj", "cc", "conj", "pobj"],
                    ["VERB", "ADP", "PROPN", "CCONJ", "ADP", "PROPN"])
    assert labels(doc) == [
        ("met", "root", "-"), ("in", "case", "Rome"), ("Rome", "obl", "met"),
        ("and", "cc", "Rome"), ("in", "case", "Oslo"), ("Oslo", "conj", "Rome"),
    ]


def test_preposition_before_a_clause_becomes_its_mark() -> None:
    doc = small_doc("left after signing it", [0, 0, 1, 2], ["ROOT", "prep", "pcomp", "dobj"],
                    ["VERB", "ADP", "VERB", "PRON"], tags=["VBD", "IN", "VBG", "PRP"])
    assert labels(doc) == [
        ("left", "root", "-"), ("after", "mark", "signing"), ("signing", "advcl", "left"),
        ("it", "obj", "signing"),
    ]


def test_datives_agents_and_infinitival_to() -> None:
    # "told him to give it to Ana": a bare dative is iobj, "to Ana" an obl
    doc = small_doc("told him to give it to Ana", [0, 0, 3, 0, 3, 3, 5],
                    ["ROOT", "dative", "aux", "xcomp", "dobj", "dative", "pobj"],
                    ["VERB", "PRON", "PART", "VERB", "PRON", "ADP", "PROPN"],
                    tags=["VBD", "PRP", "TO", "VB", "PRP", "IN", "NNP"])
    assert labels(doc) == [
        ("told", "root", "-"), ("him", "iobj", "told"), ("to", "mark", "give"),
        ("give", "xcomp", "told"), ("it", "obj", "give"), ("to", "case", "Ana"),
        ("Ana", "obl", "give"),
    ]


def test_object_before_a_subjectless_clause_becomes_its_subject() -> None:
    # "urged Ana stay home": UD makes Ana the subject of "stay"
    doc = small_doc("urged Ana stay home", [0, 0, 0, 2], ["ROOT", "dobj", "ccomp", "advmod"],
                    ["VERB", "PROPN", "VERB", "ADV"])
    assert labels(doc) == [
        ("urged", "root", "-"), ("Ana", "nsubj", "stay"), ("stay", "ccomp", "urged"),
        ("home", "advmod", "stay"),
    ]


def test_there_is_keeps_the_verb_and_makes_the_noun_its_subject() -> None:
    doc = small_doc("there is hope", [1, 1, 1], ["expl", "ROOT", "attr"], ["PRON", "VERB", "NOUN"],
                    lemmas=["there", "be", "hope"])
    assert labels(doc) == [("there", "expl", "is"), ("is", "root", "-"), ("hope", "nsubj", "is")]


def test_tokens_lemmas_entities_and_whitespace() -> None:
    words = ["Ana", "Lund", "spoke", ".", "\n\n", "She", "left", "."]
    spaces = [True, True, False, False, False, True, False, False]
    doc = Doc(Vocab(), words=words, spaces=spaces, heads=[1, 2, 2, 2, 3, 6, 6, 6],
              deps=["compound", "nsubj", "ROOT", "punct", "dep", "nsubj", "ROOT", "punct"],
              pos=["PROPN", "PROPN", "VERB", "PUNCT", "SPACE", "PRON", "VERB", "PUNCT"],
              tags=["NNP", "NNP", "VBD", ".", "_SP", "PRP", "VBD", "."],
              lemmas=["Ana", "Lund", "speak", ".", "\n\n", "", "leave", "."],
              ents=["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O"])
    d = document_from_spacy(doc)
    assert d.text == doc.text == "Ana Lund spoke.\n\nShe left."
    assert [t.text for t in d.tokens] == ["Ana", "Lund", "spoke", ".", "She", "left", "."]
    assert all(d.text[t.start:t.end] == t.text for t in d.tokens)
    assert d.sentences == [(0, 4), (4, 7)]
    assert [t.sent for t in d.tokens] == [0, 0, 0, 0, 1, 1, 1]
    assert [t.ner for t in d.tokens[:3]] == ["PERSON", "PERSON", "O"]
    assert d.tokens[4].lemma == "she"  # an empty lemma falls back to the lowercased word
    assert (d.tokens[2].upos, d.tokens[2].xpos) == ("VERB", "VBD")


def test_a_sentence_is_cut_at_a_paragraph_break() -> None:
    # spaCy parsed a "Name said:" line and the quote below it as one sentence
    words = ["Ana", "said", ":", "\n\n", "“", "Go", "home", "now", ".", "”"]
    spaces = [True, False, False, False, False, True, True, False, False, False]
    doc = Doc(Vocab(), words=words, spaces=spaces, heads=[1, 1, 1, 2, 5, 1, 5, 5, 5, 5],
              deps=["nsubj", "ROOT", "punct", "dep", "punct", "ccomp", "advmod", "advmod", "punct", "punct"],
              pos=["PROPN", "VERB", "PUNCT", "SPACE", "PUNCT", "VERB", "ADV", "ADV", "PUNCT", "PUNCT"],
              tags=["NNP", "VBD", ":", "_SP", "``", "VB", "RB", "RB", ".", "''"],
              lemmas=["Ana", "say", ":", "\n\n", "“", "go", "home", "now", ".", "”"])
    d = document_from_spacy(doc)
    assert d.sentences == [(0, 3), (3, 9)]
    assert [(t.text, t.head, t.deprel) for t in d.tokens[3:]] == [
        ("“", 4, "punct"), ("Go", -1, "root"), ("home", 4, "advmod"), ("now", 4, "advmod"),
        (".", 4, "punct"), ("”", 4, "punct")]
    [quote] = from_spacy(doc)
    assert (quote.text, quote.speaker.text, quote.cue.text) == ("“Go home now.”", "Ana", "said")


# --------------------------------------------------------------------------- errors


def test_unparsed_doc_is_a_clear_value_error() -> None:
    doc = spacy.blank("en")("Nobody parsed this.")
    with pytest.raises(ValueError, match="needs a dependency parse"):
        from_spacy(doc)


@pytest.mark.parametrize("thing", ["a plain string", None, ["a", "list"]])
def test_non_doc_is_a_type_error_that_names_the_extra(thing) -> None:
    with pytest.raises(TypeError, match=r'pip install "\.\[spacy\]"'):
        from_spacy(thing)


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)


def test_quoteattr_imports_without_spacy_and_from_spacy_says_how_to_install() -> None:
    # A fresh interpreter in which "import spacy" fails, as when spaCy is not installed.
    code = (
        "import sys\n"
        "sys.modules['spacy'] = None\n"
        "import quoteattr\n"
        "try:\n"
        "    quoteattr.from_spacy('some text')\n"
        "except TypeError as exc:\n"
        "    print(exc)\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert "spaCy is not installed" in result.stdout
    assert 'pip install ".[spacy]"' in result.stdout  # quoteattr installs from a clone


def test_importing_quoteattr_does_not_import_spacy() -> None:
    result = _python("import sys, quoteattr; print('spacy' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


# --------------------------------------------------------------------------- seed article


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _finds(quotes, expected) -> bool:
    """Some quote covers half the expected content, with overlapping speaker and cue."""
    c, s, k = expected["content"], expected["speaker"], expected["cue"]
    for q in quotes:
        if _overlap(q.start, q.end, c["start"], c["end"]) < 0.5 * (c["end"] - c["start"]):
            continue
        if s is None:
            speaker_ok = q.speaker is None
        else:
            speaker_ok = q.speaker is not None and _overlap(q.speaker.start, q.speaker.end, s["start"], s["end"]) > 0
        cue_ok = q.cue is not None and _overlap(q.cue.start, q.cue.end, k["start"], k["end"]) > 0
        if speaker_ok and cue_ok:
            return True
    return False


@pytest.fixture(scope="module")
def seed():
    if not SEED.is_dir():
        pytest.skip("../shared/seed is not here")
    with open(SEED / "expected.json", encoding="utf-8") as handle:
        expected = json.load(handle)["quotes"]
    docs = list(DocBin().from_disk(SEED / "article.en_core_web_md.spacy").get_docs(spacy.blank("en").vocab))
    return expected, from_spacy(docs[0])


# The five required quotes in the order of expected.json, named by their cue.
_SEED_REQUIRED = [
    pytest.param(0, id="warned"),
    pytest.param(1, id="said"),
    pytest.param(2, id="called"),
    pytest.param(3, id="said-office"),
    pytest.param(4, id="state"),
]


@pytest.mark.parametrize("index", _SEED_REQUIRED)
def test_seed_required_quote(seed, index: int) -> None:
    expected, quotes = seed
    item = [e for e in expected if e["required"]][index]
    assert _finds(quotes, item), f"not found: {item['content']['text']!r}"


def test_seed_reports_the_other_quotes(seed) -> None:
    expected, quotes = seed
    others = [e for e in expected if not e["required"]]
    found = [e for e in others if _finds(quotes, e)]
    print(f"\nseed: {len(found)} of {len(others)} non-required quotes found")
    for e in others:
        mark = "found " if e in found else "missed"
        print(f"  {mark} {e['cue']['text']!r}: {e['content']['text'][:60]!r}")
    assert len(required := [e for e in expected if e["required"]]) == 5
    assert len(others) == 5 and len(required) + len(others) == len(expected)
    # the reported speech a complete system also finds: all of it, since the
    # mixed "went on to state that it is “deplorable” ..." clause is found too
    assert [e["cue"]["text"] for e in others if e not in found] == []



def comb(levels: int) -> Doc:
    """``warned them, warned them, ...``: each clause hangs from the one before it."""
    words, heads, deps = [], [], []
    for k in range(levels):
        words += ["warned", "them"]
        heads += [max(2 * k - 2, 0), 2 * k]
        deps += ["ROOT" if k == 0 else "ccomp", "dobj"]
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=["VERB", "PRON"] * levels,
               sent_starts=[True] + [False] * (2 * levels - 1))


def test_a_deep_sentence_converts_without_quadratic_work() -> None:
    """A 3,000-word sentence whose clauses nest 1,500 deep, each with an object before the
    next clause (which the converter makes that clause's subject). The converter once
    rescanned the sentence per level of every subtree it measured (cubic: minutes); it
    now takes a fraction of a second. The alarm only catches the cubic case."""
    import signal

    def too_slow(signum, frame):
        raise TimeoutError("converting a 3,000-word nested sentence took over 40 s")

    doc = comb(1500)
    old = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(40)
    try:
        tokens = document_from_spacy(doc).tokens
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert sum(t.deprel == "nsubj" and t.head == t.i + 1 for t in tokens) == 1499
