"""Sieves that read the dependency parse: a reporting verb governs the quote."""

from __future__ import annotations

from typing import Optional, Tuple

from quoteattr.attribution.chain import Sieve
from quoteattr.attribution.clauses import clause_after, complement, kind_of
from quoteattr.attribution.context import Context, Frame, OpenQuote
from quoteattr.attribution.performer import subject
from quoteattr.model import QuoteKind

__all__ = ["Syntax", "SentenceVerb", "climb"]

_SPEECH_VERB_RELS = {"parataxis", "ccomp", "advcl", "dep", "conj", "acl", "root", "xcomp", "list"}
_WEAK_CLASSES = {"cognition", "evidence"}


class Syntax(Sieve):
    """A reporting verb outside the quote governs its words, or hangs inside it.

    ``The coach said the team was "ready for anything."`` ("said" heads the clause that
    holds the quote) and ``"We are ready," the coach said, "for anything."`` ("said"
    hangs from the quote's first half). The speaker is the verb's performer; whether the
    quote is the whole complement (direct) or a fragment of it (mixed) is read off the
    same parse.
    """

    name = "syntax"

    def propose(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        inside = set(quote.tokens)
        tokens = ctx.tokens
        best: Optional[Tuple[Tuple[int, bool, int], int, int]] = None  # (rank, cue, attach)
        for t in quote.tokens:  # a reporting verb above the quote (above its words rather than its commas)
            h = tokens[t].head
            found = climb(ctx, h, t) if h >= 0 and h not in inside else None
            if found is not None:
                rank = (found[0], tokens[t].upos == "PUNCT", ctx.gap(quote, found[1]))
                if best is None or rank < best[0]:
                    best = (rank, found[1], t)
        hanging = sorted(k for t in quote.tokens for k in tokens[t].children)
        for s in {tokens[t].sent for t in quote.tokens}:  # '"...," he said, "..."'
            for k in hanging:
                if tokens[k].sent == s and ctx.outside(k) and (ctx.is_cue(k) or as_put_it(ctx, k)) \
                        and tokens[k].rel in _SPEECH_VERB_RELS \
                        and (tokens[k].rel != "conj" or ctx.doc.children(k, "nsubj")):  # not '"..." and promised'
                    rank = (0, False, ctx.gap(quote, k))
                    if best is None or rank < best[0]:
                        best = (rank, k, tokens[k].head)
        if best is None:
            return None
        cue = best[1]
        comp = complement(ctx, cue, best[2])
        quote.kind = kind_of(ctx, quote, cue, comp)
        if is_quoted_as(ctx, cue):  # "was quoted (by the paper) as saying": "saying"
            saying = [k.i for k in ctx.doc.children(cue, "advcl", "xcomp") if ctx.is_cue(k.i)]
            cue = saying[0] if saying else cue
        return Frame(ctx.cue_span(cue), subject(ctx, cue), self.name,
                     comp if quote.kind is QuoteKind.MIXED else None, from_parse=True)


class SentenceVerb(Sieve):
    """A quoted fragment the parse left unattached takes the reporting verb before it in
    its sentence, when no other finite verb stands between them.

    ``The minister called the two reports "partial at best"`` with the tree broken
    somewhere between "called" and the fragment.
    """

    name = "sentence-verb"

    def propose(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        tokens = ctx.tokens
        if ctx.is_speech(quote) and ctx.opens_sentence(quote):
            return None
        first = ctx.doc.sentences[tokens[quote.tokens[0]].sent][0]
        for k in range(quote.tokens[0] - 1, first - 1, -1):
            if not ctx.outside(k):
                return None
            if ctx.is_cue(k):
                subj = subject(ctx, k)
                if subj is None:
                    return None
                clause = clause_after(ctx, k, quote)
                quote.kind = kind_of(ctx, quote, k, clause)
                return Frame(ctx.cue_span(k), subj, self.name, clause if quote.kind is QuoteKind.MIXED else None,
                             from_parse=True)
            if tokens[k].upos == "VERB" and tokens[k].xpos not in ("VBG", "VBN"):
                return None
        return None


def is_quoted_as(ctx: Context, cue: int) -> bool:
    return ctx.tokens[cue].lemma in ("quote", "cite")


def climb(ctx: Context, j: int, via: int = -1) -> Optional[Tuple[int, int]]:
    """(steps, verb) for the nearest reporting verb at or above token ``j`` (reached from
    its dependent ``via``, when given).

    Verbs of thinking and showing ("believes", "shows") yield to a verb of speech
    higher up: in "X said that Y believes ..." the quote is X's.
    """
    tokens = ctx.tokens
    steps, weak, below = 0, None, via
    while j >= 0 and steps < 6 and ctx.outside(j):
        verb = ctx.verb(j)
        if verb is not None:
            if verb.cls not in _WEAK_CLASSES:
                return steps, j
            if weak is None:
                weak = (steps, j)
        elif (below < 0 or tokens[below].rel != "nsubj") and as_put_it(ctx, j):
            return steps, j  # 'As the mayor put it, "..."' with the words below "put" (not in its subject)
        aside = parenthetical(ctx, j)
        if aside is not None and aside != below:  # not the aside the words came up through (its subject)
            return steps, aside
        below, j, steps = j, tokens[j].head, steps + 1
    return weak


def parenthetical(ctx: Context, j: int) -> Optional[int]:
    """A reporting verb set off by commas beside clause ``j``: "Since then, the mayor
    said, most residents have come to agree ..." reports the whole sentence.

    Remembered per token: every quote of a sentence may climb to the same head, and a
    head with thousands of children (a parse with no sentence breaks) must not be
    scanned once per quote."""
    memo = ctx.memo.setdefault("parenthetical", {})
    if j not in memo:
        memo[j] = _parenthetical(ctx, j)
    return memo[j]


def as_put_it(ctx: Context, v: int) -> bool:
    """'As the mayor put it': "put" with the object "it", in a clause opened by "as"."""
    tokens = ctx.tokens
    return tokens[v].lemma == "put" and tokens[v].rel == "advcl" and ctx.outside(v) \
        and any(k.rel == "obj" and k.text.lower() == "it" for k in ctx.doc.children(v)) \
        and opened_by_as(ctx, v)


def opened_by_as(ctx: Context, v: int) -> bool:
    """Is clause ``v`` opened by "as" (its marker, or its first word: a parser may hang
    "as" lower, or a stray symbol before it)?"""
    return any(c.rel == "mark" and c.i < v and c.text.lower() == "as" for c in ctx.doc.children(v)) \
        or ctx.tokens[ctx.extent(v)[0]].text.lower() == "as"


def as_report(ctx: Context, v: int) -> bool:
    """Does clause ``v``, opened by "as", report the clause it hangs on? 'As the mayor
    put it, ...', '..., as the report noted.': "put it" or a reporting verb that can stand
    beside what it reports, with a subject and no complement of its own ("As she said she
    would, ..." and "As he read the letter, ..." report nothing; the object of "tell" is
    whoever hears it)."""
    tokens = ctx.tokens
    if tokens[v].rel != "advcl" or not ctx.outside(v) or not opened_by_as(ctx, v):
        return False
    kids = ctx.doc.children(v)
    if not any(k.rel == "nsubj" and k.deprel not in ("nsubj:pass", "nsubjpass") for k in kids):
        return False
    if as_put_it(ctx, v):
        return not any(k.rel in ("ccomp", "xcomp") for k in kids)
    verb = ctx.verb(v)
    return verb is not None and verb.cls not in _WEAK_CLASSES and not verb.needs_clause \
        and not any(k.rel in ("ccomp", "xcomp") or (k.rel == "obj" and tokens[v].lemma != "tell") for k in kids)


def _parenthetical(ctx: Context, j: int) -> Optional[int]:
    tokens = ctx.tokens
    for c in ctx.doc.children(j, "advcl"):  # 'As the mayor put it, ...' / '..., as the report noted.'
        if as_report(ctx, c.i):
            return c.i
    for c in ctx.doc.children(j, "parataxis", "dep"):
        verb = ctx.verb(c.i)
        if verb is not None and verb.cls not in _WEAK_CLASSES and not verb.needs_clause and ctx.outside(c.i) \
                and 0 < c.i < len(tokens) - 1 and tokens[c.i + 1].text == "," and tokens[c.i - 1].upos != "PUNCT":
            subj = next((k for k in ctx.doc.children(c.i, "nsubj") if k.i < c.i), None)
            if subj is not None and subj.i > 0 and tokens[subj.i - 1].text == ",":
                return c.i
    return None
