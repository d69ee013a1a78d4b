"""Turn-taking in conversations, on invented scenes (the compact CoNLL-U of
tests/test_conversation.py: ``form/UPOS/head/deprel[/lemma]``)."""

from __future__ import annotations

import quoteattr
from quoteattr.parsed import read_conllu
from tests.test_conversation import by_text, conllu


def _bare(*words: str, end: str = ".") -> list:
    """A paragraph holding nothing but a quoted line: its words, the last one the root."""
    n = len(words)
    toks = ["“/PUNCT/{}/punct".format(n + 1)]
    for i, w in enumerate(words[:-1]):
        toks.append(f"{w}/ADV/{n + 1}/advmod")
    toks.append(f"{words[-1]}/INTJ/0/root")
    toks += [f"{end}/PUNCT/{n + 1}/punct", "”/PUNCT/{}/punct".format(n + 1)]
    return [" ".join(toks)]


# The two men sat down.
# “Tea?” he asked.
# “Please.”
# “Milk?”
# “No.”
# “Sugar?”
# “No, thanks,” he said.
TWO_HES = conllu([
    ["The/DET/3/det two/NUM/3/nummod men/NOUN/4/nsubj sat/VERB/0/root/sit down/ADV/4/advmod ./PUNCT/4/punct"],
    ["“/PUNCT/2/punct Tea/NOUN/5/ccomp ?/PUNCT/2/punct ”/PUNCT/2/punct he/PRON/6/nsubj asked/VERB/0/root/ask "
     "./PUNCT/6/punct"],
    _bare("Please"),
    _bare("Milk"),
    _bare("No"),
    _bare("Sugar"),
    ["“/PUNCT/2/punct No/INTJ/8/ccomp ,/PUNCT/4/punct thanks/NOUN/2/discourse ,/PUNCT/2/punct ”/PUNCT/2/punct "
     "he/PRON/8/nsubj said/VERB/0/root/say ./PUNCT/8/punct"],
])


def test_a_bare_line_takes_the_speaker_of_the_nearest_line_in_its_turn():
    quotes = by_text(quoteattr.from_conllu(TWO_HES))
    text = read_conllu(TWO_HES).text
    asker, answerer = text.index("he asked"), text.index("he said")
    # both speakers are "he": the turns, not the names, tell them apart
    for line, start in (("Please", answerer), ("Milk", asker), ("No", answerer), ("Sugar", asker)):
        assert (quotes[line].speaker.start, quotes[line].rule) == (start, "turn-taking"), line


# “Open up,” called Ada.
# “Who is it?” asked Ben.
# “Me.”
# Ada waited in the rain.
# “It is late,” said Ada.
# “Go home.”
# “I cannot.”
# “Then wait.”
DOOR = conllu([
    ["“/PUNCT/2/punct Open/VERB/6/ccomp/open up/ADP/2/compound:prt ,/PUNCT/2/punct ”/PUNCT/2/punct "
     "called/VERB/0/root/call Ada/PROPN/6/nsubj ./PUNCT/6/punct"],
    ["“/PUNCT/2/punct Who/PRON/7/ccomp is/AUX/2/cop/be it/PRON/2/nsubj ?/PUNCT/2/punct ”/PUNCT/2/punct "
     "asked/VERB/0/root/ask Ben/PROPN/7/nsubj ./PUNCT/7/punct"],
    _bare("Me"),
    ["Ada/PROPN/2/nsubj waited/VERB/0/root/wait in/ADP/5/case the/DET/5/det rain/NOUN/2/obl ./PUNCT/2/punct"],
    ["“/PUNCT/4/punct It/PRON/4/nsubj is/AUX/4/cop/be late/ADJ/7/ccomp ,/PUNCT/4/punct ”/PUNCT/4/punct "
     "said/VERB/0/root/say Ada/PROPN/7/nsubj ./PUNCT/7/punct"],
    ["“/PUNCT/2/punct Go/VERB/0/root/go home/ADV/2/advmod ./PUNCT/2/punct ”/PUNCT/2/punct"],
    ["“/PUNCT/3/punct I/PRON/3/nsubj cannot/AUX/0/root/can ./PUNCT/3/punct ”/PUNCT/3/punct"],
    ["“/PUNCT/3/punct Then/ADV/3/advmod wait/VERB/0/root/wait ./PUNCT/3/punct ”/PUNCT/3/punct"],
])


def test_the_unseen_participant_is_the_other_speaker_of_the_scene():
    quotes = by_text(quoteattr.from_conllu(DOOR))
    assert quotes["Who is it"].speaker.text == "Ben"
    # the exchange after the narration frames only Ada: the other side is Ben, who took
    # part in the exchange at the door
    assert (quotes["Go home"].speaker.text, quotes["Go home"].rule) == ("Ben", "turn-taking")
    assert (quotes["I cannot"].speaker.text, quotes["I cannot"].rule) == ("Ada", "turn-taking")
    assert quotes["Then wait"].speaker.text == "Ben"


# “Where were you?” asked Ada.
# “Out.”
# “Where?”
# “Nowhere,” said Ben.
# Mara came in. The clock struck nine.
# “Supper is ready.”
SUPPER = conllu([
    ["“/PUNCT/2/punct Where/ADV/7/ccomp were/AUX/2/cop/be you/PRON/2/nsubj ?/PUNCT/2/punct ”/PUNCT/2/punct "
     "asked/VERB/0/root/ask Ada/PROPN/7/nsubj ./PUNCT/7/punct"],
    _bare("Out"),
    _bare("Where"),
    ["“/PUNCT/2/punct Nowhere/ADV/5/ccomp ,/PUNCT/2/punct ”/PUNCT/2/punct said/VERB/0/root/say "
     "Ben/PROPN/5/nsubj ./PUNCT/5/punct"],
    ["Mara/PROPN/2/nsubj came/VERB/0/root/come in/ADV/2/advmod ./PUNCT/2/punct",
     "The/DET/2/det clock/NOUN/3/nsubj struck/VERB/0/root/strike nine/NUM/3/obj ./PUNCT/3/punct"],
    ["“/PUNCT/4/punct Supper/NOUN/4/nsubj is/AUX/4/cop/be ready/ADJ/0/root ./PUNCT/4/punct ”/PUNCT/4/punct"],
])


def test_a_line_after_narration_is_spoken_by_the_last_person_acting_in_it():
    quote = by_text(quoteattr.from_conllu(SUPPER))["Supper is ready"]
    # a line of its own, no conversation: the narration before it says who is there;
    # the clock strikes, but a clock does not speak
    assert (quote.speaker.text, quote.rule) == ("Mara", "narration-before")


# Long speeches, no short reply: the questions answered make it a conversation.
# “Is the ferry running?” asked Nell.
# “Not since the storm ... ?”  (a long reply asking back)
# “I cannot say ... .”         (a long answer)
# “Then we walk,” said Owen.
_SPEECH = ("not since the storm took the landing stage and half the pier with it and who "
           "would sail out into that grey water with the harbour master away").split()
_ANSWER = ("I cannot say for certain because the boatmen have gone inland to their families "
           "and nobody on this side of the water will tell me anything").split()
SPEECHES = conllu([
    ["“/PUNCT/5/punct Is/AUX/5/aux/be the/DET/4/det ferry/NOUN/5/nsubj running/VERB/8/ccomp/run ?/PUNCT/5/punct "
     "”/PUNCT/5/punct asked/VERB/0/root/ask Nell/PROPN/8/nsubj ./PUNCT/8/punct"],
    _bare(*_SPEECH, end="?"),
    _bare(*_ANSWER),
    ["“/PUNCT/4/punct Then/ADV/4/advmod we/PRON/4/nsubj walk/VERB/7/ccomp/walk ,/PUNCT/4/punct ”/PUNCT/4/punct "
     "said/VERB/0/root/say Owen/PROPN/7/nsubj ./PUNCT/7/punct"],
])


def test_questions_answered_make_a_conversation_of_long_speeches():
    quotes = quoteattr.from_conllu(SPEECHES)
    reply, answer = [q for q in quotes if q.text.startswith(("“not", "“I cannot"))]
    assert (reply.speaker.text, reply.rule) == ("Owen", "turn-taking")
    assert (answer.speaker.text, answer.rule) == ("Nell", "turn-taking")


# “Fetch the lamp,” drawled the keeper.
DRAWL = conllu([
    ["“/PUNCT/2/punct Fetch/VERB/8/ccomp/fetch the/DET/4/det lamp/NOUN/2/obj ,/PUNCT/2/punct ”/PUNCT/2/punct "
     "drawled/VERB/0/root/drawl the/DET/9/det keeper/NOUN/7/nsubj ./PUNCT/7/punct"],
])


def test_a_manner_of_speaking_frames_a_quote_in_fiction():
    (quote,) = quoteattr.from_conllu(DRAWL)
    # "drawl", "rejoin", "stammer", "interpose": verbs that novels use for speech
    assert (quote.speaker.text, quote.cue.text) == ("the keeper", "drawled")


# The same scene without the reply at the door: Ben is quoted once, outside any
# exchange (as a news article quotes a source), and is no participant to guess.
DOOR_ALONE = DOOR.replace(conllu([_bare("Me")]).rstrip("\n") + "\n", "", 1)


def test_a_speaker_quoted_outside_any_exchange_is_no_participant():
    assert "Me" not in read_conllu(DOOR_ALONE).text
    quotes = by_text(quoteattr.from_conllu(DOOR_ALONE))
    assert quotes["Go home"].speaker is None


# “Who is there?” asked Ada.
# “Only me.”
# “Good.”
# “Thanks,” said Ben.
# Ben sat down.
# Ada smiled. “Tea?” she asked.
# “Please.”
TEA = conllu([
    ["“/PUNCT/3/punct Who/PRON/3/nsubj is/AUX/7/ccomp/be there/ADV/3/advmod ?/PUNCT/3/punct ”/PUNCT/3/punct "
     "asked/VERB/0/root/ask Ada/PROPN/7/nsubj ./PUNCT/7/punct"],
    _bare("Only", "me"),
    _bare("Good"),
    ["“/PUNCT/2/punct Thanks/NOUN/5/ccomp ,/PUNCT/2/punct ”/PUNCT/2/punct said/VERB/0/root/say "
     "Ben/PROPN/5/nsubj ./PUNCT/5/punct"],
    ["Ben/PROPN/2/nsubj sat/VERB/0/root/sit down/ADV/2/advmod ./PUNCT/2/punct"],
    ["Ada/PROPN/2/nsubj smiled/VERB/0/root/smile ./PUNCT/2/punct",
     "“/PUNCT/2/punct Tea/NOUN/6/ccomp ?/PUNCT/2/punct ”/PUNCT/2/punct she/PRON/6/nsubj asked/VERB/0/root/ask "
     "./PUNCT/6/punct"],
    _bare("Please"),
])


def test_a_question_is_answered_by_someone_else():
    quotes = by_text(quoteattr.from_conllu(TEA))
    assert quotes["Tea"].speaker.text == "she"
    # the reply is no conversation (one line of the two opens with a mark), but a
    # question in a novel is not continued in the next paragraph by the one who asked
    answer = quotes["Please"]
    assert answer.rule != "paragraph" and (answer.speaker is None or answer.speaker.text != "she")
