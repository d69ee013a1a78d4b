"""Tests of the pure parts of the LitBank error analysis (benchmarks/litbank_errors.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, List, Optional

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.litbank_errors import Line, alternation, opener  # noqa: E402


def conversation(n: int) -> SimpleNamespace:
    """A fake excerpt holding one conversation of ``n`` consecutive lines."""
    lines = [Line("doc", paragraph=p, span=(0, 0), conversation=0, position=p)
             for p in range(n)]
    return SimpleNamespace(conversations=[lines])


def anchored(labels: Dict[int, object]):
    """An anchor function that knows the speakers of the given line positions."""
    return lambda doc, line: labels.get(line.position)


def guesses(doc: SimpleNamespace, labels: Dict[int, object]) -> List[Optional[str]]:
    guess = alternation(anchored(labels))
    return [guess(doc, line) for line in doc.conversations[0]]


def test_lines_alternate_from_two_anchors():
    doc = conversation(6)
    assert guesses(doc, {0: "ann", 1: "ben"}) == ["ann", "ben", "ann", "ben", "ann", "ben"]


def test_nearest_anchor_wins_and_ties_look_back():
    doc = conversation(5)
    # Line 2 is one line from both anchors: the one before it (ben at 1) is nearer on a
    # tie, so line 2 is the other participant, cal.
    assert guesses(doc, {1: "ben", 3: "cal"}) == ["cal", "ben", "cal", "cal", "ben"]


def test_one_speaker_only_cannot_fill_odd_lines():
    doc = conversation(4)
    assert guesses(doc, {0: "ann"}) == ["ann", None, "ann", None]


def test_labels_tell_speakers_apart_and_entities_are_returned():
    doc = conversation(4)
    labels = {0: ("she", "ann"), 1: ("the boatman", "ben")}
    assert guesses(doc, labels) == ["ann", "ben", "ann", "ben"]
    # Two labels for one entity are two speakers to the alternation: that is the cost
    # of working without coreference.
    same = {0: ("she", "ann"), 1: ("ann", "ann")}
    assert guesses(doc, same) == ["ann", "ann", "ann", "ann"]


def test_opener_names_the_quoting_style():
    text = "\u201cOne.\u201d \u2018Two.\u2019 \u2014Three.\n--Four."
    assert opener(text, text.index("One")) == "double"
    assert opener(text, text.index("Two")) == "single"
    assert opener(text, text.index("Three")) == "dash"
    assert opener(text, text.index("Four")) == "dash"
    assert opener("plain words", 6) == "none"
