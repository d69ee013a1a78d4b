"""What every sieve reads: the document, its quotations in marks, and lookups on both.

A :class:`Context` is built once per document by :func:`build_context` and is not
changed by the sieves. What the sieves decide is written on the :class:`OpenQuote`
objects it lists: each gets at most one :class:`Frame` (a cue and a speaker).
"""

from __future__ import annotations

import bisect
import functools
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import attrs

from quoteattr.layout import datelines, is_heading
from quoteattr.attribution.dashes import DASH_MARKS, inline_frame
from quoteattr.lexicon import Lexicon, Verb
from quoteattr.marks import find_quotes, paragraph_starts
from quoteattr.model import QuoteKind, QuoteSpan
from quoteattr.parsed import Document
from quoteattr.speakers import Names

__all__ = ["Frame", "OpenQuote", "Context", "build_context"]

SubtreeCounter = List[int]

NOMINAL = {"NOUN", "PROPN", "PRON", "NUM"}
NP_WORDS = NOMINAL | {"DET", "ADJ", "PUNCT", "CCONJ", "ADP", "PART"}
DASHES = {"—", "–", "―", "-", "--"}
FUNCTION_POS = {"PUNCT", "ADP", "SCONJ", "CCONJ", "PART", "DET", "AUX"}
_FUNCTION_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "&"}
_CLOSE_MARKS = ("”", "’", '"', "'", "»", "''")


@attrs.define
class Frame:
    """Who said a quote and with which words: the sieves' answer for one quote.

    ``cue`` is the first and last token of the cue, ``speaker`` the head token of the
    speaker phrase; ``complement`` is the cue's dependent that holds a quoted fragment
    (a mixed quote). ``rule`` is what ``Quote.rule`` will say, and ``from_parse`` tells
    that the sieve read the quote's kind off the parse itself. ``addressee`` is the head
    token of whom the words are spoken to, when the text says so.
    """

    cue: Optional[Tuple[int, int]]
    speaker: Optional[int]
    rule: str
    complement: Optional[int] = None
    from_parse: bool = False
    addressee: Optional[int] = None


@attrs.define(eq=False)
class OpenQuote:
    """One paragraph piece of a quotation in marks, with the tokens inside it, and
    what the sieves have decided about it so far (``frame``, ``kind``)."""

    span: QuoteSpan
    start: int
    end: int
    tokens: List[int]
    paragraph: int
    index: int = 0
    previous: Optional["OpenQuote"] = None
    frame: Optional[Frame] = None
    kind: QuoteKind = QuoteKind.DIRECT


# The tags a word needs for :meth:`Context.verb` to find it in the lexicon, besides an
# xpos in VB* or NNS: the tagger's verbs, and nouns it may have mistaken for them.
_MAYBE_VERB = frozenset(("VERB", "AUX", "NOUN"))


class Context:
    """A parsed document with its quotations in marks, and the questions sieves ask.

    ``quotes`` are in text order; ``unit_of[i]`` is the index of the quote holding
    token ``i`` (-1 outside quotes).
    """

    def __init__(self, doc: Document, lexicon: Lexicon) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.lexicon = lexicon
        self.starts = [t.start for t in doc.tokens]
        self.par_starts = paragraph_starts(doc.text)
        self.dateline_ends = [end for _, end in datelines(doc.text, self.par_starts)]
        self.unit_of: List[int] = [-1] * len(doc.tokens)
        self.quotes: List[OpenQuote] = []
        self.unit_starts: List[int] = []  # start offset of each quote
        self.unit_ends: List[int] = []  # last token of each quote
        self.unit_char_ends: List[int] = []  # end offset of each quote
        self._narrated: Optional[set] = None
        self._counters: Dict[str, SubtreeCounter] = {}
        self.memo: Dict[str, Dict[int, Any]] = {}  # answers of link helpers per token, by helper

    @functools.cached_property
    def names(self) -> Names:
        """The document's names, characters and roles, for every resolver that walks it."""
        return Names(self.doc)

    @functools.cached_property
    def reporting_verbs(self) -> Dict[int, Verb]:
        """Every token outside the quotations that :meth:`verb` finds in the lexicon, with
        its entry, in text order; found once per document (only a verb or a noun can be
        one, so the other words are passed over on their tags)."""
        unit_of, verb = self.unit_of, self.verb
        found: Dict[int, Verb] = {}
        for i, t in enumerate(self.tokens):
            if unit_of[i] < 0 and (t.upos in _MAYBE_VERB or t.xpos[:2] == "VB" or t.xpos == "NNS"):
                entry = verb(i)
                if entry is not None:
                    found[i] = entry
        return found

    @functools.cached_property
    def _reporting_verb_order(self) -> List[int]:
        return list(self.reporting_verbs)

    def reporting_verbs_in(self, a: int, b: int) -> List[int]:
        """The tokens of :attr:`reporting_verbs` from ``a`` up to (not including) ``b``."""
        order = self._reporting_verb_order
        return order[bisect.bisect_left(order, a):bisect.bisect_left(order, b)]

    def count_below(self, sums: SubtreeCounter, i: int) -> int:
        """How many tokens of the subtree of ``i`` a :meth:`counter` counts."""
        _, first, last = self.doc.preorder()
        return sums[last[i]] - sums[first[i]]

    def counter(self, key: str, wanted: Callable[[int], bool]) -> SubtreeCounter:
        """Prefix sums of ``wanted(token index)`` over the depth-first order of the parse,
        built once per ``key``, so that :meth:`count_below` answers for any subtree at once."""
        if key not in self._counters:
            order, _, _ = self.doc.preorder()
            sums = [0]
            for k in order:
                sums.append(sums[-1] + bool(wanted(k)))
            self._counters[key] = sums
        return self._counters[key]

    def extent(self, i: int) -> Tuple[int, int, int]:
        """(first token, last token, size) of the subtree of token ``i``, without building
        it, so that long chains of heads stay cheap to ask about."""
        first, last = self.doc.span(i)
        return first, last, self.doc.size(i)

    # ---------------------------------------------------------------- places

    def paragraph(self, offset: int) -> int:
        return bisect.bisect_right(self.par_starts, offset) - 1

    def in_dateline(self, i: int) -> bool:
        """Is token ``i`` part of a dateline ("LONDON (Reuters) -", "WASHINGTON —")?"""
        k = bisect.bisect_right(self.dateline_ends, self.tokens[i].start)
        return k < len(self.dateline_ends) and self.paragraph(self.dateline_ends[k] - 1) == \
            self.paragraph(self.tokens[i].start)

    def is_heading(self, paragraph: int) -> bool:
        """Is paragraph number ``paragraph`` a heading (a headline or a subhead: short, no
        final stop)?"""
        end = self.par_starts[paragraph + 1] if paragraph + 1 < len(self.par_starts) else len(self.doc.text)
        return is_heading(self.doc.text, self.par_starts[paragraph], end)

    def token_range(self, start: int, end: int) -> List[int]:
        """Tokens overlapping ``start..end``: a tokenizer may glue a quotation mark to a
        word (``"We``), and that word still belongs to the quote."""
        lo = max(0, bisect.bisect_left(self.starts, start) - 1)
        out = []
        for i in range(lo, len(self.tokens)):
            t = self.tokens[i]
            if t.start >= end:
                break
            if t.end > start and t.start < end:
                out.append(i)
        return out

    def outside(self, i: int) -> bool:
        """Is token ``i`` outside every quotation?"""
        return self.unit_of[i] < 0

    def gap(self, quote: OpenQuote, k: int) -> int:
        """Characters between token ``k`` and the quote (0 inside it)."""
        t = self.tokens[k]
        return max(0, quote.start - t.end, t.start - quote.end)

    def follows_quote(self, v: int) -> bool:
        """Does token ``v`` come right after a quotation ('"...," said')?"""
        last = bisect.bisect_right(self.unit_char_ends, self.tokens[v].start) - 1
        return last >= 0 and self.doc.text[self.unit_char_ends[last]:self.tokens[v].start].strip(" ,—–-") == ""

    def quotes_between(self, first: int, last: int) -> List[OpenQuote]:
        """The quotations with tokens among ``first..last``."""
        k = bisect.bisect_left(self.unit_ends, first)
        out = []
        while k < len(self.quotes) and self.quotes[k].tokens[0] <= last:
            out.append(self.quotes[k])
            k += 1
        return out

    def starts_paragraph(self, quote: OpenQuote) -> bool:
        return quote.start == self.par_starts[quote.paragraph] or \
            not self.doc.text[self.par_starts[quote.paragraph]:quote.start].strip()

    def ends_paragraph(self, quote: OpenQuote) -> bool:
        """No other quote follows in the paragraph."""
        nxt = self.par_starts[quote.paragraph + 1] if quote.paragraph + 1 < len(self.par_starts) \
            else len(self.doc.text)
        k = bisect.bisect_right(self.unit_starts, quote.start)  # the first quote starting after it
        return k == len(self.quotes) or self.unit_starts[k] >= nxt

    def opens_sentence(self, quote: OpenQuote) -> bool:
        """Does the quotation stand first in its sentence ('"Okay," Reyes said.')?"""
        first = self.doc.sentences[self.tokens[quote.tokens[0]].sent][0]
        return all(not self.outside(k) or self.tokens[k].upos == "PUNCT" for k in range(first, quote.tokens[0]))

    def fills_sentences(self, quote: OpenQuote) -> bool:
        """Do the quote's first and last sentences hold nothing but quotations?"""
        if self._narrated is None:  # sentences with words outside every quotation
            self._narrated = {t.sent for t in self.tokens if t.upos != "PUNCT" and self.unit_of[t.i] < 0}
        first, last = self.tokens[quote.tokens[0]].sent, self.tokens[quote.tokens[-1]].sent
        return first not in self._narrated and last not in self._narrated

    # ---------------------------------------------------------------- words

    def verb(self, i: int) -> Optional[Verb]:
        """The lexicon entry of token ``i`` when it is a verb, else ``None``.

        A reporting verb the tagger took for a noun right after an infinitive "to"
        with a clause below it ("went on to state that ...") still counts.
        """
        t = self.tokens[i]
        if t.upos not in ("VERB", "AUX") and not t.xpos.startswith("VB"):
            # only a noun can be a verb the tagger mistook (the tags are tested first: this
            # is asked of every word of the document)
            if t.xpos == "NNS" and self.mistagged_present(i):
                return self.lexicon.get(t.text[:-1])
            if t.upos != "NOUN" or not self.mistagged_infinitive(i):
                return None
        return self.lexicon.get(t.lemma) or self.lexicon.get(t.text.lower())

    def is_cue(self, i: int, clause_ok: bool = True) -> bool:
        """Is token ``i`` a reporting verb? ``clause_ok`` says a clause complement is present."""
        verb = self.verb(i)
        return verb is not None and (clause_ok or not verb.needs_clause)

    def cue_span(self, i: int) -> Tuple[int, int]:
        """The verb plus a particle right after it ("point out")."""
        last = i
        for k in self.tokens[i].children:
            if self.tokens[k].deprel == "compound:prt" and k == last + 1:
                last = k
        return i, last

    def mistagged_present(self, i: int) -> bool:
        """'"...," the mayor notes.' / 'as the website notes:': a verb in -s after a
        name, before punctuation, that the tagger took for a plural noun."""
        tokens = self.tokens
        t = tokens[i]
        if not (t.xpos == "NNS" and t.text.islower() and t.text.endswith("s") and 0 < i < len(tokens) - 1):
            return False
        before, after = tokens[i - 1].upos, tokens[i + 1].text
        return before in ("PROPN", "PRON") and after in (".", ",", ":") or before == "NOUN" and after == ":"

    def mistagged_infinitive(self, i: int) -> bool:
        """A verb tagged as a noun after "to" that introduces a clause or a quote
        ("went on to state that ...", "declined to comment: ...")."""
        tokens = self.tokens
        return tokens[i].upos == "NOUN" and 0 < i < len(tokens) - 1 and tokens[i - 1].text.lower() == "to" \
            and (tokens[i + 1].text.lower() in ("that", ":", ",", "“", '"') or bool(self.doc.children(i, "ccomp")))

    def is_speech(self, quote: OpenQuote) -> bool:
        """A quote long or clausal enough to be somebody's words, not a scare quote or
        title; or a line of dialogue however short: a quote that fills its paragraph
        (``"Oh?"`` on a line of its own)."""
        tokens = self.tokens
        words = [t for t in quote.tokens if tokens[t].upos != "PUNCT"]
        has_verb = any(tokens[t].upos in ("VERB", "AUX") for t in words)
        return len(words) >= 6 or (has_verb and len(words) >= 3) or (bool(words) and self.fills_paragraph(quote))

    def fills_paragraph(self, quote: OpenQuote) -> bool:
        """Is the quote alone in its paragraph, with nothing but punctuation around it?"""
        text = self.doc.text
        a = self.par_starts[quote.paragraph]
        b = self.par_starts[quote.paragraph + 1] if quote.paragraph + 1 < len(self.par_starts) else len(text)
        return not any(ch.isalnum() for ch in text[a:quote.start]) and not any(ch.isalnum() for ch in text[quote.end:b])

    def is_introduced_utterance(self, quote: OpenQuote) -> bool:
        """A whole utterance set off by a colon or a comma: ``He said: "Hello there,
        everyone."``, ``She shouted, "Thank you!"`` (a capital after the opening mark,
        sentence-final punctuation at its end), even without a verb of its own."""
        text, k = self.doc.text, quote.start - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        if k < 0 or text[k] not in ":,":
            return False
        words = [t for t in quote.tokens if self.tokens[t].upos != "PUNCT"]
        if not words or not self.tokens[words[0]].text[:1].isupper():
            return False
        last = self.tokens[quote.tokens[-1]].text
        after = text[quote.end:quote.end + 3].lstrip()[:1]
        return last[-1:] in (".", "!", "?") or after in (".", "!", "?")

    def is_name_like(self, k: int) -> bool:
        """A nominal, or a capitalised word the tagger took for an adjective ("said Devine")."""
        t = self.tokens[k]
        return t.upos in NOMINAL or (t.upos == "ADJ" and t.text[:1].isupper())

    def np_head(self, first: int, last: int, nominals: Sequence[int]) -> int:
        """The token of ``first..last`` whose head lies outside the range, else the last noun."""
        for x in nominals:
            if not first <= self.tokens[x].head <= last:
                return x
        return nominals[-1]

    def is_according(self, i: int) -> bool:
        tokens = self.tokens
        return tokens[i].text.lower() == "according" and i + 1 < len(tokens) and tokens[i + 1].text.lower() == "to"

    def according_source(self, i: int) -> Optional[int]:
        """The head of NP in "according to NP" at token ``i``, if the parse names it."""
        tokens = self.tokens
        if tokens[i].rel == "case" and tokens[i].head > i:
            return tokens[i].head
        for k in self.doc.children(i) + self.doc.children(i + 1):
            if k.i > i + 1 and k.upos in NOMINAL:
                return k.i
        return None

    def according_frame(self, i: int) -> Optional[Frame]:
        """The frame of "according to NP" at token ``i``, if the parse names NP."""
        source = self.according_source(i)
        return Frame((i, i + 1), source, "according-to") if source is not None else None

    def is_clause(self, head: int) -> bool:
        """Does ``head`` head a clause (a subject or a complementiser of its own)?"""
        return any(k.rel in ("nsubj", "csubj", "cop") or (k.rel == "mark" and k.text.lower() in ("that", "whether", "if"))
                   for k in self.doc.children(head))

    def trim(self, toks: List[int], min_words: int = 2) -> List[int]:
        """``toks`` without edge punctuation (a closing quotation mark stays), or ``[]``
        when fewer than ``min_words`` words remain."""
        tokens = self.tokens
        while toks and (tokens[toks[0]].upos in ("PUNCT", "CCONJ") or tokens[toks[0]].text in DASHES):
            toks = toks[1:]
        while toks and (tokens[toks[-1]].upos == "PUNCT" and tokens[toks[-1]].text not in _CLOSE_MARKS):
            toks = toks[:-1]
        words = [k for k in toks if tokens[k].upos != "PUNCT"]
        return toks if len(words) >= min_words else []


def build_context(doc: Document, lexicon: Lexicon) -> Context:
    """The context of ``doc``: its tokens and its top-level quotations, one
    :class:`OpenQuote` per paragraph piece, titles left out."""
    ctx = Context(doc, lexicon)
    for span in find_quotes(doc.text, dashes=dash_dialogue(doc.text, ctx.par_starts)):
        if span.depth:
            continue
        pieces = span.paragraphs
        for k, (a, b) in enumerate(pieces):
            cs = span.content_start if k == 0 else a + 1
            ce = span.content_end if k == len(pieces) - 1 else b
            toks = [i for i in ctx.token_range(cs, ce) if ctx.unit_of[i] < 0]
            if not toks or (k == 0 and _is_title(ctx, toks, a)):
                continue
            cut = inline_frame(ctx, toks) if span.open_mark in DASH_MARKS else None
            if cut is None:
                _add(ctx, OpenQuote(span, a, b, toks, ctx.paragraph(a)))
                continue
            # '—Not yet, he said. The tide is out.': the words before the frame, and after it
            first, last = cut
            _add(ctx, OpenQuote(span, a, ctx.tokens[toks[first - 1]].end, toks[:first], ctx.paragraph(a)))
            if last + 1 < len(toks):
                rest = toks[last + 1:]
                _add(ctx, OpenQuote(span, ctx.tokens[rest[0]].start, b, rest, ctx.paragraph(a)))
    ctx.unit_starts = [q.start for q in ctx.quotes]  # sorted, as the quotes are
    ctx.unit_ends = [q.tokens[-1] for q in ctx.quotes]
    ctx.unit_char_ends = [q.end for q in ctx.quotes]
    return ctx


def _add(ctx: Context, quote: OpenQuote) -> None:
    quote.index = len(ctx.quotes)
    quote.previous = ctx.quotes[-1] if ctx.quotes else None
    for i in quote.tokens:
        ctx.unit_of[i] = quote.index
    ctx.quotes.append(quote)


#: Paragraphs opening with a dash that make a document's dialogue dash-style.
DASH_LINES = 3


def dash_dialogue(text: str, par_starts: Sequence[int]) -> bool:
    """Does the document write dialogue with dashes (``—Not yet, he said.``)? Several
    paragraphs must open with an em dash or ``--`` set close to the first word and hold
    no quotation mark: one such paragraph is an aside, and ``— Item`` with a space is
    how lists are written."""
    found = 0
    for n, a in enumerate(par_starts):
        mark = next((m for m in DASH_MARKS if text.startswith(m, a)), None)
        if mark is not None and text[a + len(mark):a + len(mark) + 1].strip():
            b = par_starts[n + 1] if n + 1 < len(par_starts) else len(text)
            if not any(mark in text[a:b] for mark in ('"', "“", "”")):
                found += 1
                if found >= DASH_LINES:
                    return True
    return False


def _is_title(ctx: Context, toks: List[int], start: int) -> bool:
    """Quoted names of shows, books and slogans ("Morning Light Hour") are not speech;
    a quote introduced by ``said,`` or ``said:`` is, capitalised or not."""
    text, k = ctx.doc.text, start - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    before = text[k] if k >= 0 else ""  # the last character before the marks, spaces aside
    if before in (",", ":"):
        return False
    last = ctx.tokens[toks[-1]].text
    if before in ("", ".", "!", "?", "”", '"', "’", "'") and last in (",", "?", "!"):
        return False  # '"Fine," I said.' opens a sentence and ends like an utterance
    words = [ctx.tokens[t].text for t in toks if ctx.tokens[t].upos != "PUNCT"]
    headline = len(words) >= 2 and all(w[:1].isupper() for w in words if w.lower() not in _FUNCTION_WORDS)
    if last in (",", "?", "!", ".") and not (last == "." and headline) \
            and not ctx.doc.text[ctx.par_starts[ctx.paragraph(start)]:start].strip():
        return False  # a line of dialogue opening its paragraph: '"Rather," said Ned.' / '"Yes."' 
    words = [ctx.tokens[t].text for t in toks if ctx.tokens[t].upos != "PUNCT"]
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return 0 < len(words) <= 10 and bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)
