"""Conversation sieves, addressees and short lines of dialogue, on invented scenes.

The parses are hand-written: each token is ``form/UPOS/head/deprel[/lemma]`` with
heads counted from 1 inside the sentence (0 for the root), and each paragraph a list
of sentences. Opening marks glue to the next word, punctuation to the word before.
"""

from __future__ import annotations

from typing import List, Sequence

import quoteattr
from quoteattr.attribution.dialogue import dialogue
from quoteattr.attribution.context import build_context
from quoteattr.lexicon import as_lexicon
from quoteattr.parsed import read_conllu

_GLUE_AFTER = {"“", "‘", "—"}
_GLUE_BEFORE = {",", ".", "?", "!", ";", ":", "”", "’"}


def conllu(paragraphs: Sequence[Sequence[str]]) -> str:
    """CoNLL-U for paragraphs of sentences written in the compact form above."""
    out: List[str] = []
    for paragraph in paragraphs:
        for n, sentence in enumerate(paragraph):
            words = [w.split("/") for w in sentence.split()]
            if n == 0:
                out.append("# newpar")
            out.append("# text = " + " ".join(w[0] for w in words))
            for i, w in enumerate(words):
                form, upos, head, deprel = w[:4]
                lemma = w[4] if len(w) > 4 else form.lower()
                xpos = {"VERB": "VBD", "PROPN": "NNP", "NOUN": "NN", "PRON": "PRP", "PUNCT": "."}.get(upos, "_")
                nxt = words[i + 1][0] if i + 1 < len(words) else ""
                misc = "SpaceAfter=No" if form in _GLUE_AFTER or nxt in _GLUE_BEFORE else "_"
                out.append("\t".join([str(i + 1), form, lemma, upos, xpos, "_", head, deprel, "_", misc]))
            out.append("")
    return "\n".join(out) + "\n"


def by_text(quotes):
    return {q.text.strip("“”‘’\"' ,.?!"): q for q in quotes}


# Ada opened the shutter.
# “Who is there?” asked Ada.
# “Only me.”
# “At this hour?”
# “Let me in,” said Ben.
# “Fine.”
# Ben stamped his boots. “It is freezing.”
KNOCK = conllu([
    ["Ada/PROPN/2/nsubj opened/VERB/0/root/open the/DET/4/det shutter/NOUN/2/obj ./PUNCT/2/punct"],
    ["“/PUNCT/3/punct Who/PRON/3/nsubj is/AUX/7/ccomp/be there/ADV/3/advmod ?/PUNCT/3/punct ”/PUNCT/3/punct "
     "asked/VERB/0/root/ask Ada/PROPN/7/nsubj ./PUNCT/7/punct"],
    ["“/PUNCT/3/punct Only/ADV/3/advmod me/PRON/0/root ./PUNCT/3/punct ”/PUNCT/3/punct"],
    ["“/PUNCT/4/punct At/ADP/4/case this/DET/4/det hour/NOUN/0/root ?/PUNCT/4/punct ”/PUNCT/4/punct"],
    ["“/PUNCT/2/punct Let/VERB/7/ccomp/let me/PRON/2/obj in/ADV/2/advmod ,/PUNCT/2/punct ”/PUNCT/2/punct "
     "said/VERB/0/root/say Ben/PROPN/7/nsubj ./PUNCT/7/punct"],
    ["“/PUNCT/2/punct Fine/ADJ/0/root ./PUNCT/2/punct ”/PUNCT/2/punct"],
    ["Ben/PROPN/2/nsubj stamped/VERB/0/root/stamp his/PRON/4/poss boots/NOUN/2/obj ./PUNCT/2/punct",
     "“/PUNCT/4/punct It/PRON/4/nsubj is/AUX/4/cop freezing/ADJ/0/root ./PUNCT/4/punct ”/PUNCT/4/punct"],
])


def test_bare_lines_take_turns_between_the_framed_speakers():
    quotes = by_text(quoteattr.from_conllu(KNOCK))
    assert quotes["Who is there"].speaker.text == "Ada"
    assert quotes["Let me in"].speaker.text == "Ben"
    # one line after Ada's: the other participant; two lines after: Ada again
    assert (quotes["Only me"].speaker.text, quotes["Only me"].rule) == ("Ben", "turn-taking")
    assert (quotes["At this hour"].speaker.text, quotes["At this hour"].rule) == ("Ada", "turn-taking")
    assert quotes["Fine"].speaker.text == "Ada"


def test_a_one_word_line_of_dialogue_is_returned():
    quotes = by_text(quoteattr.from_conllu(KNOCK))
    assert "Fine" in quotes and quotes["Fine"].kind.value == "direct"


def test_a_beat_is_spoken_by_the_subject_of_its_narration():
    quote = by_text(quoteattr.from_conllu(KNOCK))["It is freezing"]
    assert (quote.speaker.text, quote.rule) == ("Ben", "beat")


def test_the_other_party_of_a_two_person_conversation_is_the_addressee():
    quotes = by_text(quoteattr.from_conllu(KNOCK))
    assert quotes["Only me"].addressee.text == "Ada"
    assert quotes["Let me in"].addressee.entity == "Ada"


def test_the_scene_is_one_conversation():
    ctx = build_context(read_conllu(KNOCK), as_lexicon(None))
    d = dialogue(ctx)
    assert len(d.conversations) == 1 and [x.paragraph for x in d.conversations[0]] == [1, 2, 3, 4, 5, 6]


# Tessa sat by the fire.
# “Are you cold, Tessa?” asked Ben.
# “Not at all.”
# “Good.”
# “Sit,” said Ben to Jane.
# “No.”
FIRE = conllu([
    ["Tessa/PROPN/2/nsubj sat/VERB/0/root/sit by/ADP/5/case the/DET/5/det fire/NOUN/2/obl ./PUNCT/2/punct"],
    ["“/PUNCT/4/punct Are/AUX/4/cop/be you/PRON/4/nsubj cold/ADJ/9/ccomp ,/PUNCT/6/punct Tessa/PROPN/4/vocative "
     "?/PUNCT/4/punct ”/PUNCT/4/punct asked/VERB/0/root/ask Ben/PROPN/9/nsubj ./PUNCT/9/punct"],
    ["“/PUNCT/2/punct Not/PART/0/root at/ADP/4/case all/DET/2/obl ./PUNCT/2/punct ”/PUNCT/2/punct"],
    ["“/PUNCT/2/punct Good/ADJ/0/root ./PUNCT/2/punct ”/PUNCT/2/punct"],
    ["“/PUNCT/2/punct Sit/VERB/5/ccomp/sit ,/PUNCT/2/punct ”/PUNCT/2/punct said/VERB/0/root/say Ben/PROPN/5/nsubj "
     "to/ADP/8/case Jane/PROPN/5/obl ./PUNCT/5/punct"],
    ["“/PUNCT/2/punct No/INTJ/0/root ./PUNCT/2/punct ”/PUNCT/2/punct"],
])


def test_a_name_called_out_is_the_addressee_and_the_next_speaker():
    quotes = by_text(quoteattr.from_conllu(FIRE))
    asked = quotes["Are you cold, Tessa"]
    assert (asked.addressee.text, asked.addressee.start) == ("Tessa", FIRE_TEXT.index("Tessa?"))
    answer = quotes["Not at all"]
    # Ben is the only anchor: the other participant is the one he calls by name
    assert (answer.speaker.text, answer.rule) == ("Tessa", "turn-taking")
    assert answer.speaker.start == 0  # shown where the narration names her


def test_a_line_answering_a_name_called_out_is_that_persons():
    chain = [s for s in quoteattr.DEFAULT_SIEVES if s.name != "turn-taking"]
    answer = by_text(quoteattr.from_conllu(FIRE, sieves=chain))["Not at all"]
    assert (answer.speaker.text, answer.rule) == ("Tessa", "vocative")


def test_said_to_names_the_addressee():
    quote = by_text(quoteattr.from_conllu(FIRE))["Sit"]
    assert (quote.speaker.text, quote.addressee.text) == ("Ben", "Jane")


FIRE_TEXT = read_conllu(FIRE).text


# News: two speakers framed in turn, each going on in a bare paragraph. The next
# paragraph continues the last speaker, as before; no conversation is found.
# “We will rebuild the bridge,” the mayor said.
# “The money is in the budget.”
# “It is too late,” Councillor Reyes said.
# “The river is already rising.”
COUNCIL = conllu([
    ["“/PUNCT/4/punct We/PRON/4/nsubj will/AUX/4/aux rebuild/VERB/11/ccomp the/DET/6/det bridge/NOUN/4/obj "
     ",/PUNCT/4/punct ”/PUNCT/4/punct the/DET/10/det mayor/NOUN/11/nsubj said/VERB/0/root/say ./PUNCT/11/punct"],
    ["“/PUNCT/4/punct The/DET/3/det money/NOUN/4/nsubj is/AUX/0/root/be in/ADP/7/case the/DET/7/det "
     "budget/NOUN/4/obl ./PUNCT/4/punct ”/PUNCT/4/punct"],
    ["“/PUNCT/5/punct It/PRON/5/nsubj is/AUX/5/cop/be too/ADV/5/advmod late/ADJ/10/ccomp ,/PUNCT/5/punct "
     "”/PUNCT/5/punct Councillor/PROPN/9/compound Reyes/PROPN/10/nsubj said/VERB/0/root/say ./PUNCT/10/punct"],
    ["“/PUNCT/6/punct The/DET/3/det river/NOUN/6/nsubj is/AUX/6/aux/be already/ADV/6/advmod rising/VERB/0/root/rise "
     "./PUNCT/6/punct ”/PUNCT/6/punct"],
])


def test_news_paragraphs_are_not_a_conversation():
    ctx = build_context(read_conllu(COUNCIL), as_lexicon(None))
    assert dialogue(ctx).conversations == []
    quotes = by_text(quoteattr.from_conllu(COUNCIL))
    assert (quotes["The money is in the budget"].speaker.text, quotes["The money is in the budget"].rule) == \
        ("the mayor", "paragraph")
    assert quotes["The river is already rising"].speaker.text == "Councillor Reyes"


def test_without_the_conversation_sieves_a_bare_line_continues_the_line_before():
    chain = [s for s in quoteattr.DEFAULT_SIEVES
             if s.name not in ("beat", "narration-before", "turn-taking", "vocative", "narrator")]
    quote = by_text(quoteattr.from_conllu(KNOCK, sieves=chain))["Only me"]
    assert quote.speaker is None  # inside a conversation the paragraph rule no longer carries Ada over


def test_two_hyphens_open_a_dash_line():
    from quoteattr.marks import find_quotes

    text = "--Not yet, he said.\n\n--When, then?"
    spans = find_quotes(text, dashes=True)
    assert [text[s.content_start:s.content_end] for s in spans] == ["Not yet, he said.", "When, then?"]
    assert find_quotes(text) == []


def test_dash_dialogue_needs_several_lines_set_close_to_the_word():
    from quoteattr.attribution.context import dash_dialogue
    from quoteattr.marks import paragraph_starts

    dialogue_text = "—Not yet, he said.\n\n—When?\n\n—At dusk.\n\nShe left."
    listing = "The plan has three parts:\n\n— A new bridge.\n\n— A ferry.\n\n— A road."
    assert dash_dialogue(dialogue_text, paragraph_starts(dialogue_text))
    assert not dash_dialogue(listing, paragraph_starts(listing))
    assert not dash_dialogue("—Once.\n\nThen narration.", paragraph_starts("—Once.\n\nThen narration."))


# —Not yet, Orla said. The tide is out.
# —When, then?
# —At dusk.
TIDE = conllu([
    ["—/PUNCT/3/punct Not/PART/3/advmod yet/ADV/6/advmod ,/PUNCT/3/punct Orla/PROPN/6/nsubj said/VERB/0/root/say "
     "./PUNCT/6/punct",
     "The/DET/2/det tide/NOUN/3/nsubj is/AUX/0/root/be out/ADV/3/advmod ./PUNCT/3/punct"],
    ["—/PUNCT/2/punct When/ADV/0/root ,/PUNCT/4/punct then/ADV/2/advmod ?/PUNCT/2/punct"],
    ["—/PUNCT/3/punct At/ADP/3/case dusk/NOUN/0/root ./PUNCT/3/punct"],
])


def test_a_dash_line_is_cut_at_its_inline_frame():
    quotes = quoteattr.from_conllu(TIDE)
    texts = [q.text.strip("— ,.") for q in quotes if q.kind.value == "direct"]
    assert texts[:2] == ["Not yet", "The tide is out"]
    assert all(q.speaker is not None and q.speaker.text == "Orla" for q in quotes[:2])


def test_the_names_of_a_document_are_read_once(monkeypatch):
    # turn-taking, the addressees' other party, and the speakers and addressees of the
    # output each walk the scene with a resolver of their own: all four share one index
    from quoteattr import speakers

    built = []
    original = speakers.Names.__init__

    def counting(self, doc):
        built.append(doc)
        original(self, doc)

    monkeypatch.setattr(speakers.Names, "__init__", counting)
    quotes = by_text(quoteattr.from_conllu(KNOCK))
    assert quotes["Only me"].speaker.text == "Ben" and quotes["Only me"].addressee is not None
    assert len(built) == 1
