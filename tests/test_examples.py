"""The shipped example articles: hand-checked CoNLL-U parses in, expected quotes out.

Each ``examples/expected_<name>.json`` lists, by hand, the quotations a reader finds in
``examples/<name>.txt``. These tests run ``quoteattr.from_conllu`` on the hand-written
parse (no stanza models needed) and check, overlap-based like the benchmark:

* an expected quote is *found* when the system quotes overlapping it cover at least
  half of its content (quotation marks, whitespace and ``, . ; :`` trimmed at the edges);
* it is *attributed* when one of those system quotes (at least half of it inside the
  expected content) has a speaker mention overlapping the expected one and a cue
  overlapping the expected cue, and, where the file names an ``entity``, resolves the
  speaker to that entity;
* spans listed under ``no_speaker`` (scare quotes) get no speaker.

Items marked ``"known_miss"`` in the JSON are library shortcomings, xfailed strictly so
that a fix is noticed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import quoteattr

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = ["harbour", "research"]
_EDGE = " \t\r\n\"'“”‘’«»,.;:"


def load(name: str) -> Tuple[str, Dict[str, Any], List[quoteattr.Quote]]:
    expected = json.loads((EXAMPLES / f"expected_{name}.json").read_text(encoding="utf-8"))
    text = (EXAMPLES / expected["text_file"]).read_text(encoding="utf-8")
    quotes = quoteattr.from_conllu(EXAMPLES / expected["conllu_file"], text)
    return text, expected, quotes


_CACHE: Dict[str, Tuple[str, Dict[str, Any], List[quoteattr.Quote]]] = {}


def example(name: str):
    if name not in _CACHE:
        _CACHE[name] = load(name)
    return _CACHE[name]


def trim(text: str, start: int, end: int) -> Tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def overlap(a: Tuple[int, int], b: Tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def describe(q: quoteattr.Quote) -> str:
    spk = f"{q.speaker.text!r}@{q.speaker.start}" if q.speaker else None
    if q.speaker and q.speaker.entity:
        spk += f" ({q.speaker.entity})"
    cue = f"{q.cue.text!r}@{q.cue.start}" if q.cue else None
    return f"{q.kind.value} {q.start}:{q.end} {q.text[:50]!r} speaker={spk} cue={cue} rule={q.rule}"


def problems(text: str, item: Dict[str, Any], quotes: List[quoteattr.Quote]) -> Optional[str]:
    """None when ``item`` is found and attributed, else a readable account of why not."""
    c = item["content"]
    gold = trim(text, c["start"], c["end"])
    glen = max(1, gold[1] - gold[0])
    touching = []
    for q in quotes:
        sq = trim(text, q.start, q.end)
        if overlap(sq, gold) > 0:
            touching.append((q, sq))
    covered = set()
    for _, sq in touching:
        covered.update(range(max(sq[0], gold[0]), min(sq[1], gold[1])))
    head = f"{item['kind']} {c['start']}:{c['end']} {c['text'][:60]!r}"
    seen = "; ".join(describe(q) for q, _ in touching) or "no system quote overlaps it"
    if len(covered) < 0.5 * glen:
        return f"{head}: not found ({len(covered)}/{glen} characters covered); system: {seen}"
    matches = [q for q, sq in touching if overlap(sq, gold) >= 0.5 * max(1, sq[1] - sq[0])]
    want_spk = item.get("speaker")
    want_cue = item.get("cue")
    reasons = []
    for q in matches:
        why = []
        if want_spk is None:
            if q.speaker is not None:
                why.append(f"speaker {q.speaker.text!r} where none is expected")
        else:
            if q.speaker is None or overlap((q.speaker.start, q.speaker.end), (want_spk["start"], want_spk["end"])) == 0:
                why.append(f"speaker {q.speaker.text if q.speaker else None!r}@{q.speaker.start if q.speaker else '-'}"
                           f" instead of {want_spk['text']!r}@{want_spk['start']}")
            elif want_spk.get("entity") and q.speaker.entity != want_spk["entity"]:
                why.append(f"speaker {q.speaker.text!r} resolved to {q.speaker.entity!r} instead of {want_spk['entity']!r}")
        if want_cue is not None and (q.cue is None or overlap((q.cue.start, q.cue.end), (want_cue["start"], want_cue["end"])) == 0):
            why.append(f"cue {q.cue.text if q.cue else None!r}@{q.cue.start if q.cue else '-'}"
                       f" instead of {want_cue['text']!r}@{want_cue['start']}")
        if not why:
            return None
        reasons.append(", ".join(why))
    if not matches:
        return f"{head}: covered only by quotes that reach well outside it; system: {seen}"
    return f"{head}: " + " | ".join(reasons) + f"; system: {seen}"


def cases():
    for name in NAMES:
        expected = json.loads((EXAMPLES / f"expected_{name}.json").read_text(encoding="utf-8"))
        for k, item in enumerate(expected["quotes"]):
            marks = []
            if item.get("known_miss"):
                marks.append(pytest.mark.xfail(reason=item["known_miss"], strict=True))
            yield pytest.param(name, k, id=f"{name}-{k}-{item['kind']}", marks=marks)


@pytest.mark.parametrize("name", NAMES)
def test_expected_file_offsets(name):
    """The expected spans themselves index the text correctly."""
    text, expected, _ = example(name)
    bad = []
    for k, item in enumerate(expected["quotes"]):
        assert item["kind"] in ("direct", "mixed", "indirect"), item
        for part in ("content", "speaker", "cue"):
            span = item.get(part)
            if span is not None and text[span["start"]:span["end"]] != span["text"]:
                bad.append(f"item {k} {part}: {span['text']!r} != text {text[span['start']:span['end']]!r}")
    for span in expected.get("no_speaker", []):
        if text[span["start"]:span["end"]] != span["text"]:
            bad.append(f"no_speaker {span['text']!r}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", NAMES)
def test_returned_offsets_index_the_text(name):
    text, _, quotes = example(name)
    assert quotes, f"no quotes returned for {name}"
    bad = []
    for q in quotes:
        if text[q.start:q.end] != q.text:
            bad.append(f"quote {describe(q)}")
        for part in (q.speaker, q.cue):
            if part is not None and text[part.start:part.end] != part.text:
                bad.append(f"{type(part).__name__} {part!r} of {describe(q)}")
    assert not bad, "offsets that do not index the text:\n" + "\n".join(bad)


@pytest.mark.parametrize("name,k", list(cases()))
def test_expected_quote(name, k):
    text, expected, quotes = example(name)
    item = expected["quotes"][k]
    why = problems(text, item, quotes)
    assert why is None, f"{name}.txt: {why}"


@pytest.mark.parametrize("name", NAMES)
def test_scare_quotes_have_no_speaker(name):
    text, expected, quotes = example(name)
    bad = []
    for span in expected.get("no_speaker", []):
        for q in quotes:
            if overlap((q.start, q.end), (span["start"], span["end"])) and q.speaker is not None \
                    and q.start >= span["start"] - 1 and q.end <= span["end"] + 1:
                bad.append(f"{span['text']!r} ({span['note']}) was attributed: {describe(q)}")
    assert not bad, "\n".join(bad)

