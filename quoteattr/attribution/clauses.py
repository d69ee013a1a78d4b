"""Clauses around reporting verbs: what a verb reports, and how much of it is quoted.

In "The mayor said the budget was "a disgrace"" the verb "said" reports the clause
"the budget was "a disgrace"", and the quotation is a fragment of it (a mixed quote);
in "The mayor said: "The budget is a disgrace."" the quotation is the whole
complement (a direct quote).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from quoteattr.attribution.context import FUNCTION_POS, NOMINAL, Context, OpenQuote
from quoteattr.attribution.performer import goes_with, participle_reporter
from quoteattr.model import QuoteKind

__all__ = ["complement", "kind_of", "clause_after", "clause", "host_clause", "after_comma",
           "without_case", "adds_nothing", "cuts_a_quote", "content_form"]

_COMPLEMENTISERS = ("that", "whether", "if")
_COUNT_FROM_SUMS = 200  # tokens: a longer complement is counted, not listed


def complement(ctx: Context, cue: int, attach: int) -> Optional[int]:
    """The dependent of ``cue`` on the path up from ``attach``; ``None`` when the cue
    hangs inside the quote instead (``"...," he said, "..."``)."""
    tokens = ctx.tokens
    k = attach
    for _ in range(len(tokens)):
        if k < 0 or k == cue:
            return None
        if tokens[k].head == cue:
            return k
        k = tokens[k].head
    return None


def kind_of(ctx: Context, quote: OpenQuote, cue: int, top: Optional[int]) -> QuoteKind:
    """Direct when the quote is a clause filling the cue's complement ``top``, else mixed."""
    tokens = ctx.tokens
    if len({tokens[t].sent for t in quote.tokens}) > 1:
        return QuoteKind.DIRECT
    # words of the complement left outside the marks make the quote a fragment
    # of reported speech; a complementiser ("said that") does not count, nor do
    # reporting verbs ("said that", "quoted as saying" add no words)
    words, outside = _complement_words(ctx, cue, top)
    is_clause = any(tokens[k].upos in ("VERB", "AUX") for k in quote.tokens)
    bare = not outside and (ctx.opens_sentence(quote) or ctx.is_introduced_utterance(quote))
    if words and outside <= words * 0.1 and (is_clause or bare):
        return QuoteKind.DIRECT  # a clause, or a bare utterance ('"Fine," she said', 'said: "Hello, all."')
    if (is_clause or ctx.opens_sentence(quote)) and _closed_utterance(ctx, quote):
        # '"We will see," she said when asked about it', the parse hanging "when asked"
        # on "see": the words outside are the narration's, not the quotation's
        return QuoteKind.DIRECT
    return QuoteKind.MIXED


def _closed_utterance(ctx: Context, quote: OpenQuote) -> bool:
    """A whole utterance in marks: first in its sentence or after a colon or a comma, a
    capital first word, and a comma or a stop before the closing mark."""
    text = ctx.doc.text
    inner = text[quote.start:quote.end].rstrip().rstrip("\"'\u201d\u2019").rstrip()
    words = [t for t in quote.tokens if ctx.tokens[t].upos != "PUNCT"]
    if not words or not ctx.tokens[words[0]].text[:1].isupper() or inner[-1:] not in (",", ".", "!", "?"):
        return False
    return ctx.opens_sentence(quote) or text[:quote.start].rstrip()[-1:] in (":", ",")


def _complement_words(ctx: Context, cue: int, top: Optional[int]) -> Tuple[int, int]:
    """(words, words outside the marks) of the complement ``top`` of ``cue``, or, when the
    cue hangs inside the quote (``top`` is None), of the clause it hangs on minus its own
    words. A long complement is counted from prefix sums (a parse run through a list)."""
    tokens = ctx.tokens
    root = top if top is not None else tokens[cue].head
    if root >= 0 and ctx.doc.size(root) > _COUNT_FROM_SUMS:
        words = ctx.counter("words", lambda k: tokens[k].upos != "PUNCT")
        outside = ctx.counter("words adding content", lambda k: _adds_words(ctx, k))
        n, m = ctx.count_below(words, root), ctx.count_below(outside, root)
        if top is None:
            n, m = n - ctx.count_below(words, cue), m - ctx.count_below(outside, cue)
        return n, m
    if top is not None:
        comp = [k for k in ctx.doc.subtree(top) if tokens[k].upos != "PUNCT"]
    else:
        cue_tree = set(ctx.doc.subtree(cue))
        comp = [k for k in ctx.doc.subtree(root) if k not in cue_tree and tokens[k].upos != "PUNCT"]
    return len(comp), sum(1 for k in comp if _adds_words(ctx, k))


def _adds_words(ctx: Context, k: int) -> bool:
    """A word outside every quotation that carries content of its own."""
    t = ctx.tokens[k]
    return ctx.outside(k) and t.upos not in FUNCTION_POS and ctx.verb(k) is None


def clause_after(ctx: Context, cue: int, quote: OpenQuote) -> Optional[int]:
    """The largest clause holding the quote that starts after ``cue``: in "went on to
    state that it is "shameful"" the parse may hang "is" on "went", not on "state"."""
    tokens = ctx.tokens
    j, best = quote.tokens[0], None
    while j >= 0 and j > cue and ctx.outside(j) or j in quote.tokens:
        if ctx.extent(j)[0] > cue and ctx.is_clause(j):
            best = j
        j = tokens[j].head
    return best


def clause(ctx: Context, head: int, cue: Optional[int] = None) -> List[int]:
    """The tokens of a clause, without its complementiser and edge punctuation.

    A verb coordinated with the clause's verb that has no subject and the tense of
    the cue goes with the cue: in "The board said the plan was sound and warned ...",
    the board warned.
    """
    toks = ctx.doc.subtree(head)
    drop = {k.i for k in ctx.doc.children(head, "mark") if k.text.lower() in _COMPLEMENTISERS}
    if cue is not None:
        for c in ctx.doc.children(head, "conj"):
            if goes_with(ctx, c.i) == cue:
                drop.update(ctx.doc.subtree(c.i))
        for c in ctx.doc.children(head, "advcl", "xcomp", "dep"):  # ", saying ..."
            if participle_reporter(ctx, c.i) == cue:
                drop.update(ctx.doc.subtree(c.i))
    toks = [k for k in toks if k not in drop]
    return ctx.trim(toks)


def host_clause(ctx: Context, v: int, before_only: bool = False) -> List[int]:
    """The clause verb ``v`` hangs on, without ``v``'s own words (and, with
    ``before_only``, without anything after ``v``)."""
    own = set(ctx.doc.subtree(v))
    return ctx.trim([k for k in clause(ctx, ctx.tokens[v].head) if k not in own and not (before_only and k > v)])


def without_case(ctx: Context, head: int, case: int) -> List[int]:
    """The phrase headed by ``head`` less its preposition ``case``: what "talked about
    the budget" or "criticism of the plan" reports (the preposition goes with the cue)."""
    return ctx.trim([k for k in ctx.doc.subtree(head) if k != case], min_words=1)


def after_comma(ctx: Context, i: int) -> List[int]:
    """The words after the first comma that follows token ``i`` in its sentence."""
    a, b = ctx.doc.sentences[ctx.tokens[i].sent]
    comma = next((k for k in range(i, b) if ctx.tokens[k].text == "," and ctx.outside(k)), None)
    return ctx.trim(list(range(comma + 1, b))) if comma is not None else []


def adds_nothing(ctx: Context, content: List[int]) -> bool:
    """A clause whose only words besides its quotation are function words and reporting
    verbs ("as saying, "..."") would repeat the quotation."""
    return all(not ctx.outside(k) or ctx.tokens[k].upos in FUNCTION_POS or ctx.verb(k) for k in content)


def cuts_a_quote(ctx: Context, first: int, last: int) -> bool:
    """Do tokens ``first..last`` hold some words of a quotation but not all of them?"""
    for quote in ctx.quotes_between(first, last):
        words = [t for t in quote.tokens if ctx.tokens[t].upos != "PUNCT"]
        within = sum(1 for t in words if first <= t <= last)
        if 0 < within < len(words):
            return True
    return False


def content_form(ctx: Context, content: List[int]) -> str:
    """``"noun-phrase"`` when the reported content is one nominal phrase ("hailed the
    moment of magic", "announced 300 layoffs"), else ``"clause"`` (a finite or
    infinitive clause, or a small clause such as "called him a liar")."""
    tokens = ctx.tokens
    inside = set(content)
    roots = [k for k in content if tokens[k].head not in inside and tokens[k].upos != "PUNCT"]
    if len(roots) == 1 and tokens[roots[0]].upos in NOMINAL and not ctx.is_clause(roots[0]):
        return "noun-phrase"
    return "clause"
