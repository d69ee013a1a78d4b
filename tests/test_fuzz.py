"""Fuzzing every entry point: whatever comes in, the answer is well-formed or a clear error.

* ``find_quotes``: random runs of marks, words and breaks give spans whose offsets
  index the text;
* the attribution: random trees with random labels, as CoNLL-U text and as spaCy Docs,
  give quotes whose offsets (and their speakers' and cues') slice the text;
* the reader: mutated CoNLL-U gives such quotes or a ``ConlluError``, nothing else;
* the displays: hostile text renders, with no control character in the HTML;
* the command: a matrix of unreadable inputs ends with an exit status and no traceback.

Sizes are kept small so that the whole file runs in seconds; nothing here times anything.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr import Quote, find_quotes, render_html, render_text
from quoteattr.errors import ConlluError

ROOT = Path(__file__).resolve().parent.parent
# QUOTEATTR_FUZZ_EXAMPLES=2000 for a longer hunt (minutes); the default keeps CI quick.
EXAMPLES = int(os.environ.get("QUOTEATTR_FUZZ_EXAMPLES", "150"))
FAST = settings(deadline=None, max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])

# Words that make the sieves work: marks, reporting verbs, names, pronouns, clause words.
FORMS = ["“", "”", '"', "'", "‘", "’", "``", "''", ",", ".", ":", "—", "(", ")", "said", "says",
         "told", "added", "according", "to", "that", "Kim", "Ravi Osei", "she", "he", "they", "it",
         "the", "mayor", "council", "rain", "will", "fall", "not", "as", "reported", "by", "in",
         "a", "statement", "we", "believe", "warned", "asked", "Mr.", "Ito", "is", "was", "x"]
LEMMAS = {"said": "say", "says": "say", "told": "tell", "added": "add", "warned": "warn",
          "asked": "ask", "reported": "report", "believe": "believe", "is": "be", "was": "be"}
UPOS = ["NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADV", "PRON", "DET", "ADP", "PUNCT", "CCONJ",
        "SCONJ", "PART", "NUM", "X"]
XPOS = ["NN", "NNS", "NNP", "VB", "VBD", "VBZ", "VBG", "VBN", "VBP", "MD", "JJ", "RB", "PRP",
        "DT", "IN", ",", ".", ":", "``", "''", "TO", "-LRB-", "-RRB-"]
UD_RELS = ["nsubj", "nsubj:pass", "obj", "iobj", "ccomp", "xcomp", "advcl", "parataxis", "dep",
           "conj", "acl", "acl:relcl", "obl", "obl:agent", "nmod", "nmod:poss", "case", "mark",
           "punct", "compound", "appos", "cc", "fixed", "flat", "amod", "det", "aux", "cop",
           "advmod", "list", "csubj", "expl", "discourse", "root"]
SPACY_RELS = ["nsubj", "nsubjpass", "dobj", "dative", "ccomp", "xcomp", "advcl", "parataxis",
              "dep", "conj", "acl", "relcl", "prep", "pobj", "pcomp", "agent", "attr", "acomp",
              "oprd", "mark", "punct", "compound", "appos", "cc", "amod", "det", "aux", "auxpass",
              "advmod", "expl", "poss", "npadvmod", "prt", "neg", "case", "intj", "meta", ""]


# --------------------------------------------------------------------------- find_quotes

MARK_PIECES = ["“", "”", "„", '"', "'", "''", "``", "‘", "’", "‚", "«", "»", "‹", "›", "「", "」",
               "—", "s", "s''", "s' ", "word", "Word", " ", " ", "\n", "\n\n", "\u2029", "5", "5'10",
               ",", ".", "?", "(", ")", "<a href=\"x\">", "</a>", "…", "\t", "\r\n"]


def check_spans(text: str, spans) -> None:
    for s in spans:
        assert 0 <= s.start <= s.content_start <= s.content_end <= s.end <= len(text)
        assert text.startswith(s.open_mark, s.start) and s.open_mark
        if s.close_mark:
            assert text[s.end - len(s.close_mark): s.end] == s.close_mark
        pieces = s.paragraphs
        assert pieces[0][0] == s.start and pieces[-1][1] == s.end
        assert all(a <= b <= c <= d for (a, b), (c, d) in zip(pieces, pieces[1:]))
    assert [s.start for s in spans] == sorted(s.start for s in spans)


@FAST
@given(st.lists(st.sampled_from(MARK_PIECES), max_size=80), st.booleans())
def test_find_quotes_on_mark_sequences(pieces: List[str], dashes: bool) -> None:
    text = "".join(pieces)
    check_spans(text, find_quotes(text, dashes=dashes))


# --------------------------------------------------------------------------- random trees


@st.composite
def trees(draw, max_words: int = 14) -> List[int]:
    """1-based heads of one well-formed tree (0 for the root): each word, taken in a random
    order, hangs from a word taken before it."""
    n = draw(st.integers(1, max_words))
    order = draw(st.permutations(range(1, n + 1)))
    heads = [0] * (n + 1)
    for k, word in enumerate(order[1:], 1):
        heads[word] = order[draw(st.integers(0, k - 1))]
    return heads[1:]


@st.composite
def sentences(draw, max_sentences: int = 4):
    """Sentences of (form, upos, xpos, head, deprel, space_after) plus a newpar flag."""
    out = []
    for _ in range(draw(st.integers(1, max_sentences))):
        heads = draw(trees())
        words = []
        for head in heads:
            words.append((draw(st.sampled_from(FORMS)), draw(st.sampled_from(UPOS)),
                          draw(st.sampled_from(XPOS)), head,
                          "root" if head == 0 else draw(st.sampled_from(UD_RELS)), draw(st.booleans())))
        out.append((draw(st.booleans()), words))
    return out


def layout(sents) -> Tuple[str, List[List[Tuple[int, int]]]]:
    """The text the sentences spell, and each word's offsets in it."""
    text, offsets = "", []
    for k, (newpar, words) in enumerate(sents):
        if k:
            text = text.rstrip(" ") + ("\n\n" if newpar else " ")
        spans = []
        for form, _, _, _, _, space in words:
            spans.append((len(text), len(text) + len(form)))
            text += form + (" " if space else "")
        offsets.append(spans)
    return text.rstrip(" "), offsets


def to_conllu(sents, offsets=None) -> str:
    lines = []
    for k, (newpar, words) in enumerate(sents):
        if newpar:
            lines.append("# newpar")
        for i, (form, upos, xpos, head, rel, space) in enumerate(words, 1):
            misc = [] if space else ["SpaceAfter=No"]
            if offsets is not None:
                s, e = offsets[k][i - 1]
                misc = [f"start_char={s}", f"end_char={e}"] + misc
            lemma = LEMMAS.get(form, form.lower())
            lines.append("\t".join([str(i), form, lemma, upos, xpos, "_", str(head), rel, "_",
                                    "|".join(misc) or "_"]))
        lines.append("")
    return "\n".join(lines) + "\n"


def check_quotes(text: str, quotes: Sequence[Quote]) -> None:
    for q in quotes:
        assert isinstance(q, Quote)
        assert 0 <= q.start <= q.end <= len(text) and text[q.start:q.end] == q.text
        for part in (q.speaker, q.cue):
            if part is not None:
                assert 0 <= part.start <= part.end <= len(text)
                assert text[part.start:part.end] == part.text


@FAST
@given(sentences(), st.sampled_from(["text", "offsets", "forms"]))
def test_random_trees_as_conllu(sents, mode: str) -> None:
    text, offsets = layout(sents)
    if mode == "text":  # offsets into the text we pass
        quotes = quoteattr.from_conllu(to_conllu(sents, offsets), text)
        check_quotes(text, quotes)
    elif mode == "offsets":  # offsets, text rebuilt from them
        quotes = quoteattr.from_conllu(to_conllu(sents, offsets))
        check_quotes(quotes.text, quotes)
    else:  # no offsets: text rebuilt from the forms
        quotes = quoteattr.from_conllu(to_conllu(sents))
        check_quotes(quotes.text, quotes)




@st.composite
def spacy_docs(draw):
    from spacy.tokens import Doc

    words, spaces, heads, deps, pos, tags = [], [], [], [], [], []
    for _ in range(draw(st.integers(1, 3))):
        tree = draw(trees())
        base = len(words)
        for head in tree:
            words.append(draw(st.sampled_from(FORMS + ["\n\n", " "])))
            spaces.append(draw(st.booleans()))
            heads.append(base + head - 1 if head else len(words) - 1)
            deps.append("ROOT" if head == 0 else draw(st.sampled_from(SPACY_RELS)))
            pos.append(draw(st.sampled_from(UPOS + ["SPACE"])))
            tags.append(draw(st.sampled_from(XPOS)))
    lemmas = [LEMMAS.get(w, w.lower()) for w in words]
    return Doc(_vocab(), words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
               lemmas=lemmas)


_VOCAB = []


def _vocab():
    if not _VOCAB:
        import spacy

        _VOCAB.append(spacy.blank("en").vocab)
    return _VOCAB[0]


@FAST
@given(st.data())
def test_random_trees_as_spacy_docs(data) -> None:
    pytest.importorskip("spacy")
    doc = data.draw(spacy_docs())
    check_quotes(doc.text, quoteattr.from_spacy(doc))


# --------------------------------------------------------------------------- mutated CoNLL-U

JUNK = ["", "_", "0", "-1", "1-2", "2.1", "x", "\t", "\x00", "99999999999999999999", "start_char=0",
        "start_char=5|end_char=2", "start_char=3|end_char=100000000000", "SpaceAfter=No", "“", "#"]


@st.composite
def mutated_conllu(draw) -> Tuple[str, Optional[str]]:
    sents = draw(sentences(max_sentences=3))
    text, offsets = layout(sents)
    with_offsets = draw(st.booleans())
    lines = to_conllu(sents, offsets if with_offsets else None).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["swap", "drop", "dup", "cell", "offsets", "chars", "comment"]))
        cols = lines[k].split("\t")
        if action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[k], lines[j] = lines[j], lines[k]
        elif action == "drop":
            del lines[k]
        elif action == "dup":
            lines.insert(k, lines[k])
        elif action == "cell" and len(cols) == 10:
            cols[draw(st.integers(0, 9))] = draw(st.sampled_from(JUNK))
            lines[k] = "\t".join(cols)
        elif action == "offsets" and len(cols) == 10:
            s = draw(st.integers(-2, len(text) + 3))
            cols[9] = f"start_char={s}|end_char={s + draw(st.integers(-1, 6))}"
            lines[k] = "\t".join(cols)
        elif action == "chars":
            at = draw(st.integers(0, len(lines[k])))
            lines[k] = lines[k][:at] + draw(st.text(max_size=3)) + lines[k][at:]
        elif action == "comment":
            lines.insert(k, draw(st.sampled_from(["# newpar", "# newdoc", "# text = x", "#"])))
        if not lines:
            lines = [""]
    given_text = text if draw(st.booleans()) else None
    return "\n".join(lines), given_text


@settings(deadline=None, max_examples=2 * EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_conllu())
def test_mutated_conllu_gives_good_quotes_or_a_conllu_error(case) -> None:
    source, text = case
    try:
        quotes = quoteattr.from_conllu(source, text)
    except ConlluError as err:
        assert str(err)
        return
    check_quotes(text if text is not None else quotes.text, quotes)


@FAST
@given(st.text(max_size=40))
def test_any_short_string_is_conllu_text_or_a_conllu_error(source: str) -> None:
    """No string is ever opened as a file: it parses, or a ConlluError says why not."""
    try:
        quotes = quoteattr.from_conllu(source)
    except ConlluError:
        return
    check_quotes(quotes.text, quotes)


# --------------------------------------------------------------------------- displays

CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)]]


@st.composite
def texts_with_quotes(draw) -> Tuple[str, List[Quote]]:
    alphabet = st.sampled_from(CONTROLS + list("ab <>&\"'“”\n\t\r") + ["\ud800", "\u2029", "\u202e"])
    text = "".join(draw(st.lists(alphabet, max_size=60)))
    quotes = []
    for _ in range(draw(st.integers(0, 4))):
        s = draw(st.integers(0, len(text)))
        e = draw(st.integers(s, len(text)))
        speaker = cue = None
        if draw(st.booleans()):
            a = draw(st.integers(0, len(text)))
            b = draw(st.integers(a, len(text)))
            speaker = quoteattr.Speaker(a, b, text[a:b], entity=draw(st.sampled_from([None, "\x1b[1m"])))
        if draw(st.booleans()):
            a = draw(st.integers(0, len(text)))
            cue = quoteattr.Cue(a, a, "", lemma="\x00say")
        quotes.append(Quote(s, e, text[s:e], draw(st.sampled_from(["direct", "mixed", "indirect"])),
                            speaker, cue, rule="\x9bx", confidence=draw(st.floats(0, 1))))
    if quotes and draw(st.booleans()):  # one quote that does not fit: skipped with a note
        quotes.append(Quote(0, 1, "\x07", "direct"))
    return text, quotes


@FAST
@given(texts_with_quotes())
def test_hostile_text_renders(case) -> None:
    text, quotes = case
    html = render_html(text, quotes)
    assert not any(c in html for c in CONTROLS) and "\r" not in html
    html.encode("utf-8")  # no lone surrogate
    terminal = render_text(text, quotes, color=False)
    assert "\x1b" not in terminal and "\x9b" not in terminal
    terminal.encode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------- the command


def test_cli_matrix_of_unreadable_inputs(run_cli, tmp_path: Path) -> None:
    """Missing, empty, binary, a directory, a path as content, junk, huge offsets and a
    large file, in one run: each bad one named in one line on stderr, the good ones
    written, exit status 1."""
    good = "\n".join(["1\t“\t“\tPUNCT\t``\t_\t3\tpunct\t_\tSpaceAfter=No",
                      "2\tRain\train\tNOUN\tNN\t_\t3\tnsubj\t_\t_",
                      "3\tfalls\tfall\tVERB\tVBZ\t_\t6\tccomp\t_\tSpaceAfter=No",
                      "4\t,\t,\tPUNCT\t,\t_\t3\tpunct\t_\tSpaceAfter=No",
                      "5\t”\t”\tPUNCT\t''\t_\t3\tpunct\t_\t_",
                      "6\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_",
                      "7\tKim\tKim\tPROPN\tNNP\t_\t6\tnsubj\t_\tSpaceAfter=No",
                      "8\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_", "", ""])
    files = {
        "empty.conllu": b"",
        "binary.conllu": bytes(range(256)) * 64,
        "nul.conllu": b"1\tA\x00\ta\tX\tX\t_\t0\troot\t_\t_\n",
        "path.conllu": str(tmp_path / "good.conllu").encode(),
        "junk.conllu": "\t\t\n\x1b[2J\u202e\n".encode(),
        "huge-offset.conllu": good.replace("\tSpaceAfter=No", "\tstart_char=9|end_char=10", 1)
        .replace("2\tRain\train\tNOUN\tNN\t_\t3\tnsubj\t_\t_",
                 "2\tRain\train\tNOUN\tNN\t_\t3\tnsubj\t_\tstart_char=99999999999999999999|"
                 "end_char=999999999999999999999").encode(),
        "large.conllu": (good * 3000).encode(),
        "good.conllu": good.encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "folder.conllu").mkdir()
    names = list(files) + ["folder.conllu", "missing.conllu"]
    done = run_cli("extract", "--conllu", *names, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr
    written = {row.split('"document": "')[1].split('"')[0] for row in done.stdout.splitlines()}
    assert written == {"large.conllu", "good.conllu"}
    for name in ["binary.conllu", "path.conllu", "junk.conllu", "huge-offset.conllu",
                 "folder.conllu", "missing.conllu"]:
        assert f"{name}: " in done.stderr, (name, done.stderr)
    assert "empty.conllu: empty" in done.stderr
    # One line per bad input. A NUL inside a word is no error: that parse just has no quote.
    assert len(done.stderr.splitlines()) == len(names) - 3, done.stderr
