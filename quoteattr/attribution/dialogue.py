"""Dialogue structure: the lines of a document, and which runs of them are conversations.

A *line* is a paragraph holding a quotation that reads as speech, or that opens its
paragraph or its sentence (``"I did," said Ned.`` is short, and still a line). A *run* is a stretch
of consecutive lines; a narration paragraph without speech ends it. A document is in
*dialogue style* when it has at least three short *bare* lines (paragraphs holding
nothing but a quotation of a few words, which is how novels write a reply), or at least
two questions answered (a line ending on a question mark, the next paragraph a line
opening with a quotation mark: characters who make long speeches still ask and
answer). In such a
document, a run is a *conversation* when it has two lines opening with a quotation mark
and a bare line among them::

    "Is the ferry running?" asked Nell.        <- framed line, opens with a mark
    "Not since the storm."                     <- bare line: the answer
    Nell frowned. "Then we walk."              <- beat: narration, no reporting verb

News rarely qualifies: a quote that runs on over several paragraphs is one quotation
(an opening mark and no closing one), and the paragraphs that continue one speaker's
words are long. :func:`dialogue` computes the structure once per document from the
text, the parse and the quotations alone (never from frames), when a link first asks.
"""

from __future__ import annotations

import bisect
import re
from typing import Dict, List, Optional, Tuple

import attrs

from quoteattr.attribution.context import Context, OpenQuote
from quoteattr.speakers import Resolver, is_person_noun, noun_phrase

__all__ = ["Line", "Dialogue", "dialogue", "anchors", "labels", "asks", "can_speak", "PERSONAL", "DERIVED"]

#: A letter or a digit (``[^\W_]``: a word character but the underscore, as ``str.isalnum``).
_ALNUM = re.compile(r"[^\W_]")
_NOT_WORDS = frozenset(("PUNCT", "SYM", "X", "SPACE"))

#: Rules that guess a speaker from other lines: never anchors for further guesses.
DERIVED = {"turn-taking", "vocative", "narrator"}

#: Pronouns that can be the subject of someone speaking.
PERSONAL = {"i", "he", "she", "we", "they"}


@attrs.define(eq=False)
class Line:
    """One paragraph with speech in it."""

    paragraph: int
    quotes: List[OpenQuote]
    opens: bool  # the paragraph opens with a quotation mark
    narration: List[int]  # word tokens outside quotations
    subjects: List[int]  # person-like subjects outside quotations, in text order
    conversation: int = -1  # index in Dialogue.conversations, -1 outside one
    position: int = 0  # place in its conversation

    @property
    def quote_only(self) -> bool:
        return not self.narration


@attrs.define(eq=False)
class Dialogue:
    """The lines of a document by paragraph, and its conversations (lists of lines)."""

    lines: Dict[int, Line]
    conversations: List[List[Line]]
    first_person: bool  # the narration says "I" often: a narrator who may speak
    style: bool = False  # dialogue style: enough short bare lines (DIALOGUE_STYLE)

    def line(self, paragraph: int) -> Optional[Line]:
        return self.lines.get(paragraph)

    def in_conversation(self, paragraph: int) -> bool:
        line = self.lines.get(paragraph)
        return line is not None and line.conversation >= 0

    def narration_subjects(self, ctx: Context, paragraph: int) -> List[int]:
        """Person-like subjects of a paragraph with no speech in it (``[]`` otherwise)."""
        return _subjects(ctx, *_paragraph_tokens(ctx, paragraph)) if paragraph not in self.lines else []


def _words(ctx: Context, line: Line) -> int:
    return sum(1 for q in line.quotes for k in q.tokens if ctx.tokens[k].upos != "PUNCT")


#: A document in dialogue style has at least this many short bare lines (quote-only
#: paragraphs of at most ``SHORT_LINE`` words): the replies of a conversation. News
#: paragraphs that continue a speaker's quote are long, and rarely three to an article.
DIALOGUE_STYLE = 3
SHORT_LINE = 20


#: ... or at least this many questions answered: a line ending on a question mark, and
#: the next paragraph a line opening with a quotation mark. Characters who make long
#: speeches still ask and answer; a news article rarely quotes a question and its reply.
ANSWERED = 2


def _answered(ctx: Context, lines: Dict[int, Line]) -> int:
    n = 0
    for p, line in lines.items():
        after = lines.get(p + 1)
        if line.opens and after is not None and after.opens:
            if asks(ctx, line.quotes[-1]):
                n += 1
    return n


def asks(ctx: Context, quote: OpenQuote) -> bool:
    """Does the quotation end on a question mark (closing marks aside)?"""
    return ctx.doc.text[quote.start:quote.end].rstrip("\"'”’ \n").endswith("?")


def _bare(line: Line) -> bool:
    return line.quote_only and line.opens


def can_speak(ctx: Context, k: int) -> bool:
    """A word outside quotations that can name a speaker: he/she/I/we/they, a name, or a
    noun for a person."""
    t = ctx.tokens[k]
    return ctx.outside(k) and (t.text.lower() in PERSONAL or t.upos == "PROPN"
                               or t.upos == "NOUN" and is_person_noun(t.lemma.lower() or t.text.lower()))


def is_person_subject(ctx: Context, k: int) -> bool:
    """A subject outside quotations that can be a speaker: he/she/I/we/they, a name, a noun."""
    t = ctx.tokens[k]
    if t.rel != "nsubj" or not can_speak(ctx, k):
        return False
    if t.text.lower() in PERSONAL or t.upos == "PROPN":
        return True
    # a person noun acting: "the keeper leaned", not "the tone was cold", "splinters were
    # cut" or "a smile broke over his lips"
    return t.deprel == "nsubj" and t.head >= 0 and ctx.tokens[t.head].upos == "VERB"


def _paragraph_tokens(ctx: Context, paragraph: int) -> Tuple[int, int]:
    """The first token of the paragraph and one past its last."""
    a = bisect.bisect_left(ctx.starts, ctx.par_starts[paragraph])
    end = ctx.par_starts[paragraph + 1] if paragraph + 1 < len(ctx.par_starts) else len(ctx.doc.text)
    b = bisect.bisect_left(ctx.starts, end)
    return a, b


def _subjects(ctx: Context, a: int, b: int) -> List[int]:
    tokens = ctx.tokens
    return [k for k in range(a, b) if tokens[k].rel == "nsubj" and is_person_subject(ctx, k)]


def dialogue(ctx: Context) -> Dialogue:
    """The dialogue structure of ``ctx``'s document, computed once and kept on it."""
    found = getattr(ctx, "_dialogue", None)
    if found is None:
        found = _build(ctx)
        ctx._dialogue = found  # a cache of what the text says, not a decision of a sieve
    return found


def _build(ctx: Context) -> Dialogue:
    tokens = ctx.tokens
    by_paragraph: Dict[int, List[OpenQuote]] = {}
    first_quote: Dict[int, OpenQuote] = {}
    for quote in ctx.quotes:
        first_quote.setdefault(quote.paragraph, quote)
        if ctx.is_speech(quote) or ctx.starts_paragraph(quote) or ctx.opens_sentence(quote):
            by_paragraph.setdefault(quote.paragraph, []).append(quote)
    lines: Dict[int, Line] = {}
    unit_of = ctx.unit_of  # (read directly: every word of every paragraph with speech)
    for p in sorted(by_paragraph):
        quotes = by_paragraph[p]
        a, b = _paragraph_tokens(ctx, p)
        words = [k for k in range(a, b) if unit_of[k] < 0 and tokens[k].upos not in _NOT_WORDS
                 and _ALNUM.search(tokens[k].text)]
        lines[p] = Line(p, quotes, ctx.starts_paragraph(first_quote[p]), words, _subjects(ctx, a, b))
    short_bare = sum(1 for x in lines.values() if _bare(x) and _words(ctx, x) <= SHORT_LINE)
    style = short_bare >= DIALOGUE_STYLE or _answered(ctx, lines) >= ANSWERED
    conversations: List[List[Line]] = []
    candidates: List[List[Line]] = []
    run: List[Line] = []
    for p in sorted(lines) + [None]:
        line = lines.get(p) if p is not None else None
        if line is not None and run and line.paragraph == run[-1].paragraph + 1:
            run.append(line)
            continue
        if style and len(run) >= 2 and sum(x.opens for x in run) >= 2 \
                and any(_bare(x) for x in run):
            candidates.append(run)
        run = [line] if line is not None else []
    for run in candidates:
        for n, x in enumerate(run):
            x.conversation, x.position = len(conversations), n
        conversations.append(run)
    narrator = sum(1 for k, t in enumerate(tokens) if t.text == "I" and t.rel == "nsubj" and ctx.outside(k))
    return Dialogue(lines, conversations, first_person=narrator >= 3, style=style)


def anchors(ctx: Context, line: Line) -> Optional[int]:
    """The speaker token the line's own text gives it: a frame read in its paragraph
    (or the narration just before a conversation's first line), not a guess from the
    lines around it."""
    for quote in line.quotes:
        f = quote.frame
        if f is None or f.speaker is None or f.rule in DERIVED:
            continue
        if f.rule == "narration-before" or ctx.paragraph(ctx.tokens[f.speaker].start) == line.paragraph:
            return f.speaker
    return None


def labels(ctx: Context, heads: List[int]) -> Dict[int, str]:
    """A name for each speaker token, to tell two speakers apart: the entity the
    :class:`~quoteattr.speakers.Resolver` gives it, else its words, lower-cased."""
    resolver = Resolver(ctx.doc, names=ctx.names)  # the document's names, built once
    out: Dict[int, str] = {}
    for h in sorted(set(heads), key=lambda h: ctx.tokens[h].start):
        word = ctx.tokens[h].text.lower()
        if word in ("i", "me"):
            out[h] = "i"
            continue
        first, last = noun_phrase(ctx.doc, h, avoid=_Inside(ctx, h))
        found = resolver.resolve(first, last, h)
        out[h] = " ".join((found.entity or found.text).lower().split())
    return out


class _Inside:
    """Tokens of quotations other than the one holding ``h``."""

    def __init__(self, ctx: Context, h: int) -> None:
        self.unit_of, self.own = ctx.unit_of, ctx.unit_of[h]

    def __contains__(self, k: object) -> bool:
        return isinstance(k, int) and self.unit_of[k] >= 0 and self.unit_of[k] != self.own
