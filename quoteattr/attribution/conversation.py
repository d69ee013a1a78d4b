"""Conversation sieves: who speaks the lines of dialogue that have no frame.

They run after the frame sieves and :class:`~quoteattr.attribution.paragraph.Paragraph`,
only in documents with dialogue structure (:mod:`.dialogue`), and only on quotes no
earlier link framed. In news, where no run of paragraphs makes a conversation, they do
nothing. In order:

``beat``              narration in the quote's paragraph: its subject nearest the quote
``narration-before``  the first line of a conversation: the last subject of the narration
                      paragraph before it
``turn-taking``       a bare line: the speaker two lines away, or the other participant
                      one line away
``vocative``          a bare line answering a line that calls someone by name
``narrator``          in first-person fiction, the bare line the other participant cannot
                      have spoken is the narrator's
"""

from __future__ import annotations

import bisect
from typing import Dict, List, Optional, Tuple

from quoteattr.attribution.chain import DocumentStep, Result
from quoteattr.attribution.context import Context, Frame, OpenQuote
from quoteattr.attribution.dialogue import PERSONAL, Dialogue, Line, anchors, dialogue, labels
from quoteattr.model import QuoteKind

__all__ = ["Beat", "NarrationBefore", "TurnTaking", "Vocative", "Narrator", "vocatives", "nearest_subject"]

_NOT_ADDRESSED = {"god", "heaven", "heavens", "christ", "jesus", "lord", "gad", "gracious"}
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "captain", "aunt", "uncle", "master", "madam"}
_BEFORE_VOCATIVE = {",", "!", "?", ".", ";", "—", "–", "--"}


def _open(ctx: Context, quote: OpenQuote) -> bool:
    return quote.frame is None and ctx.is_speech(quote)


def _frame(quote: OpenQuote, speaker: int, rule: str) -> None:
    quote.frame = Frame(None, speaker, rule)
    quote.kind = QuoteKind.DIRECT


class Beat(DocumentStep):
    """A quote with no frame in a paragraph of narration is spoken by the subject of the
    narration nearest it: ``Ivo set the lamp down. "We wait here."`` — Ivo speaks.

    Only in documents in dialogue style (a news paragraph is left to the other sieves).
    """

    name = "beat"
    confidence = 0.89  # attribution precision on LitBank (benchmarks/litbank.py --rules)

    def apply(self, ctx: Context, result: Result) -> None:
        d = dialogue(ctx)
        if not d.style:
            return
        for line in d.lines.values():
            if not line.subjects:
                continue
            for quote in line.quotes:
                if _open(ctx, quote) and (ctx.opens_sentence(quote) or ctx.fills_sentences(quote)):
                    _frame(quote, nearest_subject(ctx, line, quote), self.name)


def nearest_subject(ctx: Context, line: Line, quote: OpenQuote) -> int:
    """The subject of ``line``'s narration nearest ``quote`` (before it on a tie)."""
    tokens = ctx.tokens

    def distance(k: int) -> Tuple[int, int]:
        t = tokens[k]
        return (quote.start - t.end, 0) if t.start < quote.start else (t.start - quote.end, 1)

    return min(line.subjects, key=distance)


class NarrationBefore(DocumentStep):
    """A line with nothing but the quote in its paragraph, right after a paragraph of
    narration, is spoken by the last person acting in that narration: ``The keeper
    leaned on the rail.`` then ``"Storm by night."`` — the keeper speaks. Only in
    documents in dialogue style."""

    name = "narration-before"
    confidence = 0.6  # attribution precision on LitBank (benchmarks/litbank.py --rules)

    def apply(self, ctx: Context, result: Result) -> None:
        d = dialogue(ctx)
        if not d.style:
            return
        for line in d.lines.values():
            if not line.quote_only or not line.paragraph or line.paragraph - 1 in d.lines:
                continue
            subjects = d.narration_subjects(ctx, line.paragraph - 1)
            if subjects:
                for quote in line.quotes:
                    if _open(ctx, quote):
                        _frame(quote, subjects[-1], self.name)


def segments(ctx: Context, conversation: List[Line]) -> List[List[Line]]:
    """A conversation cut where a beat brings a new name into the scene: the exchange
    before it and the one after it need not have the same two speakers."""
    tokens = ctx.tokens
    out: List[List[Line]] = [[]]
    names: set = set()
    for line in conversation:
        here = {tokens[k].text for k in line.narration if tokens[k].upos == "PROPN"}
        if out[-1] and here - names and anchors(ctx, line) is None:
            out.append([])
            names = set()
        out[-1].append(line)
        names |= here
    return out


class TurnTaking(DocumentStep):
    """Speakers take turns: a line of a conversation with no speaker of its own is
    spoken by the speaker of the nearest line anchored by its own text when an even
    number of lines away, by the other participant when odd::

        "Who's there?" called Ada.     <- anchor: Ada
        "Only me."                     <- one line away: the other participant (Ben)
        "At this hour?"                <- two lines away: Ada
        "Let me in," said Ben.         <- anchor: Ben

    The turn counts before the names: the nearest anchor in the line's own turn wins
    over the other participant of a nearer one, unless the two are one named person
    (the alternation broke). An exchange that anchors one speaker only takes the nearest
    other speaker of another exchange of the scene for its other participant.
    """

    name = "turn-taking"
    confidence = 0.8  # attribution precision on LitBank (benchmarks/litbank.py --rules)

    def apply(self, ctx: Context, result: Result) -> None:
        d = dialogue(ctx)
        if not d.conversations:
            return
        parts = [segment for conversation in d.conversations for segment in segments(ctx, conversation)]
        found = [[anchors(ctx, line) for line in segment] for segment in parts]
        spoken = _spoken(ctx, found)
        name = labels(ctx, [h for _, h in spoken])  # one resolver per document
        for segment, heads in zip(parts, found):
            self._segment(ctx, segment, heads, name, spoken)

    def _segment(self, ctx: Context, segment: List[Line], heads: List[Optional[int]], name: Dict[int, str],
                 spoken: List[Tuple[int, int]]) -> None:
        anchored = [(n, h) for n, h in enumerate(heads) if h is not None]
        if not anchored:
            return
        for n, line in enumerate(segment):
            if heads[n] is not None or not any(_open(ctx, q) for q in line.quotes):
                continue
            p, h = min(anchored, key=lambda ph: (abs(ph[0] - n), ph[0] > n))
            if (n - p) % 2:
                same = [(q, g) for q, g in anchored if not (n - q) % 2]
                if same:
                    q, g = min(same, key=lambda ph: (abs(ph[0] - n), ph[0] > n))
                    if not _same_person(ctx, name, g, h):
                        p, h = q, g
            who: Optional[int] = h
            if (n - p) % 2:
                others = [(abs(q - p), q > p, g) for q, g in anchored if name[g] != name[h]]
                who = min(others)[2] if others else _called_by(ctx, segment, heads, name, h, line)
                if who is None:
                    who = _other_nearby(ctx, segment, spoken, name, h)
            if who is not None:
                for quote in line.quotes:
                    if _open(ctx, quote):
                        _frame(quote, who, self.name)


def _same_person(ctx: Context, name: Dict[int, str], g: int, h: int) -> bool:
    """Two speakers told as one by their words (``Ben`` and ``Ben``): not a pronoun
    twice, nor merely resolved to one entity (``he`` and ``the parson`` may be two)."""
    a, b = ctx.tokens[g], ctx.tokens[h]
    return name[g] == name[h] and a.text.lower() == b.text.lower() and a.text.lower() not in PERSONAL


#: How many paragraphs before or after an exchange another speaker may be and still be
#: taken for its unseen participant: about a scene.
SCENE = 12


def _spoken(ctx: Context, found: List[List[Optional[int]]]) -> List[Tuple[int, int]]:
    """``(paragraph, speaker token)`` of every anchored line of a conversation, in text
    order: the people who took part in an exchange (a source quoted once in a news
    article took part in none)."""
    return sorted({(ctx.paragraph(ctx.tokens[h].start), h) for heads in found for h in heads if h is not None})


def _other_nearby(ctx: Context, segment: List[Line], spoken: List[Tuple[int, int]], name: Dict[int, str],
                  h: int) -> Optional[int]:
    """The exchange's other participant when its own lines name only one speaker ``h``:
    the nearest other speaker of the scene, within ``SCENE`` paragraphs before it (else
    after it). ``"Sit down," said Ivo.`` … ``"Tea?" asked Ivo.`` · ``"Please."`` — the
    reply is the guest's who spoke at the door a few paragraphs earlier."""
    first, last = segment[0].paragraph, segment[-1].paragraph
    word = ctx.tokens[h].text.lower()

    def other(g: int) -> bool:
        return name[g] != name[h] and ctx.tokens[g].text.lower() != word

    at = bisect.bisect_left(spoken, (first, -1))
    for p, g in reversed(spoken[bisect.bisect_left(spoken, (first - SCENE, -1)):at]):
        if other(g):
            return g
    for k in range(bisect.bisect_right(spoken, (last, len(ctx.tokens))), len(spoken)):
        p, g = spoken[k]
        if p > last + SCENE:
            break
        if other(g):
            return g
    return None


def narrated_names(ctx: Context) -> set:
    """The proper names the narration uses (outside quotations), lower-cased: the
    people of the story, as against a word the tagger took for a name."""
    found = getattr(ctx, "_narrated_names", None)
    if found is None:
        found = {t.text.lower() for k, t in enumerate(ctx.tokens) if t.upos == "PROPN" and ctx.outside(k)}
        ctx._narrated_names = found  # a cache of what the text says
    return found


def _called_by(ctx: Context, segment: List[Line], heads: List[Optional[int]], name: Dict[int, str], h: int,
               line: Line) -> Optional[int]:
    """The one person the speaker ``h`` calls by name in the exchange (``"Sit down,
    Pell."``): with no other anchor, the other participant."""
    called = {ctx.tokens[k].text.lower(): k for n, x in enumerate(segment)
              if heads[n] is not None and name[heads[n]] == name[h] for q in x.quotes for k in vocatives(ctx, q)}
    called.pop(name[h], None)
    if len(called) != 1:
        return None
    (k,) = called.values()
    return mention_outside(ctx, k, line.quotes[0])


def vocatives(ctx: Context, quote: OpenQuote) -> List[int]:
    """Names a quote calls out, set off by its edges or by punctuation (``"Not now,
    Ben."`` · ``"Mara! Over here."``): the head token of each. A name counts when the
    narration uses it too, or when a title comes first (``"Yes, Mrs. Dace."``)."""
    tokens = ctx.tokens
    known = narrated_names(ctx)
    toks = quote.tokens
    out: List[int] = []
    n = 0
    while n < len(toks):
        if tokens[toks[n]].upos != "PROPN":
            n += 1
            continue
        m = n
        while m + 1 < len(toks) and tokens[toks[m + 1]].upos == "PROPN":
            m += 1
        left = [k for k in toks[:n] if tokens[k].upos != "PUNCT" or tokens[k].text in _BEFORE_VOCATIVE]
        right = tokens[toks[m + 1]].text if m + 1 < len(toks) else ""
        opens = not left or tokens[left[-1]].text in _BEFORE_VOCATIVE
        closes = right in ("", ",", "!", "?", ".", ";", "—", "–", "--") or tokens[toks[m + 1]].upos == "PUNCT" \
            and right not in ("'s", "’s", "-")
        words = " ".join(tokens[k].text.lower() for k in toks[n:m + 1])
        alone = len([k for k in toks if tokens[k].upos != "PUNCT"]) == m - n + 1
        named = tokens[toks[m]].text.lower() in known or m > n and tokens[toks[n]].text.rstrip(".").lower() in _TITLES
        if opens and closes and named and not alone and words not in _NOT_ADDRESSED and tokens[toks[m]].text.isalpha():
            out.append(toks[m])
        n = m + 1
    return out


def mention_outside(ctx: Context, k: int, quote: OpenQuote, reach: int = 1500) -> Optional[int]:
    """The nearest mention of name token ``k``'s word outside quotations, before the
    quote (else after it), within ``reach`` tokens: a speaker is shown where the
    narration names him. ``None`` when the narration never names him nearby."""
    word = ctx.tokens[k].text.lower()
    first = quote.tokens[0]
    for j in list(range(first - 1, max(-1, first - reach), -1)) + list(range(first, min(len(ctx.tokens), first + reach))):
        if ctx.outside(j) and ctx.tokens[j].text.lower() == word:
            return j
    return None


class Vocative(DocumentStep):
    """A bare line answering a line that calls someone by name is that person's:
    ``"Are you cold, Tessa?"`` then ``"Not at all."`` — Tessa answers."""

    name = "vocative"
    confidence = 0.44  # attribution precision on LitBank (benchmarks/litbank.py --rules)

    def apply(self, ctx: Context, result: Result) -> None:
        d = dialogue(ctx)
        for conversation in d.conversations:
            for before, line in zip(conversation, conversation[1:]):
                if not any(_open(ctx, q) for q in line.quotes):
                    continue
                spoke = {ctx.tokens[q.frame.speaker].text for q in before.quotes
                         if q.frame is not None and q.frame.speaker is not None}
                called = {ctx.tokens[k].text: k for q in before.quotes for k in vocatives(ctx, q)}
                called = {w: k for w, k in called.items() if w not in spoke}
                if len(called) == 1:
                    (k,) = called.values()
                    for quote in line.quotes:
                        who = mention_outside(ctx, k, quote)
                        if who is not None and _open(ctx, quote):
                            _frame(quote, who, self.name)


class Narrator(DocumentStep):
    """In a story told in the first person, a bare line between lines of the same other
    speaker is the narrator's: ``"Sit," said Orla.`` · ``"I'd rather stand."`` ·
    ``"Sit," Orla said again.`` — the "I" of the narration answers."""

    name = "narrator"
    confidence = 0.43  # attribution precision on LitBank (benchmarks/litbank.py --rules)

    def apply(self, ctx: Context, result: Result) -> None:
        d = dialogue(ctx)
        if not d.first_person:
            return
        for conversation in d.conversations:
            for n, line in enumerate(conversation):
                if not line.quote_only or not any(_open(ctx, q) for q in line.quotes):
                    continue
                if not 0 < n < len(conversation) - 1:
                    continue
                near = [_speaker_word(ctx, conversation[m]) for m in (n - 1, n + 1)]
                if near[0] is None or near[0] != near[1] or near[0] in ("i", "me"):
                    continue
                me = _narrator_before(ctx, d, line)
                if me is not None:
                    for quote in line.quotes:
                        if _open(ctx, quote):
                            _frame(quote, me, self.name)


def _speaker_word(ctx: Context, line: Line) -> Optional[str]:
    heads = [q.frame.speaker for q in line.quotes if q.frame is not None and q.frame.speaker is not None]
    return ctx.tokens[heads[0]].text.lower() if heads else None


def _narrator_before(ctx: Context, d: Dialogue, line: Line) -> Optional[int]:
    """The last "I" outside quotations before the line, within a few thousand tokens."""
    start = line.quotes[0].tokens[0]
    for k in range(start - 1, max(-1, start - 1500), -1):
        if ctx.tokens[k].text == "I" and ctx.outside(k):
            return k
    return None
