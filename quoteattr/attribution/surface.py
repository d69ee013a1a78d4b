"""Sieves that read the words right next to the marks, whatever the parse says."""

from __future__ import annotations

import bisect
from typing import List, Optional


from quoteattr.attribution.chain import Sieve
from quoteattr.attribution.context import DASHES, NOMINAL, NP_WORDS, Context, Frame, OpenQuote
from quoteattr.attribution.dialogue import can_speak
from quoteattr.attribution.performer import subject

__all__ = ["Transcript", "Pattern", "after_quote", "before_quote"]


class Transcript(Sieve):
    """A transcript inside marks: ``"HOST: And what happened next?``.

    The speaker is the capitalised label before the colon; the quote starts after it.
    """

    name = "transcript"

    def propose(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        tokens = ctx.tokens
        words = [t for t in quote.tokens[:6] if tokens[t].upos != "PUNCT" or tokens[t].text == ":"]
        colon = next((n for n, t in enumerate(words) if tokens[t].text == ":"), None)
        if colon and colon <= 3 and all(tokens[t].text.isupper() and tokens[t].text.isalpha() for t in words[:colon]) \
                and colon + 1 < len(words):
            quote.start = tokens[words[colon + 1]].start  # the words, without the speaker's label
            return Frame((words[colon], words[colon]), words[colon - 1], self.name)
        return None


class Pattern(Sieve):
    """The words after the marks (``"...," NP said`` · ``"...," said NP`` · ``"..." — NP``
    · ``"...," according to NP``), else the words before them (``NP said: "..."`` ·
    ``NP told reporters, "..."`` · ``NP: "..."``)."""

    name = "pattern"

    def propose(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        return after_quote(ctx, quote) or before_quote(ctx, quote)


def after_quote(ctx: Context, quote: OpenQuote) -> Optional[Frame]:
    """``"...," NP said`` · ``"...," said NP`` · ``"...," NP, a title, barked`` · ``"...," according to NP``."""
    tokens = ctx.tokens
    j = bisect.bisect_left(ctx.starts, quote.end)
    dash = j if j < len(tokens) and tokens[j].text in DASHES else None
    if dash is None and j and tokens[j - 1].end > quote.end and tokens[j - 1].text[-1:] in DASHES:
        dash = j - 1  # a tokenizer glued the dash to the closing mark ("”―")
    while j < len(tokens) and (tokens[j].text in DASHES or tokens[j].text == ","):
        j += 1
    if j >= len(tokens) or not ctx.outside(j):
        return None
    if ctx.paragraph(tokens[j].start) != quote.paragraph:
        # '"..."' then a paragraph of its own: '- Jane Doe.'
        nxt = quote.paragraph + 1
        if dash is None or nxt >= len(ctx.par_starts) or ctx.paragraph(tokens[j].start) != nxt \
                or ctx.doc.text[quote.end:tokens[dash].start].strip() or tokens[j].upos != "PROPN":
            return None
    if dash is not None and tokens[j].upos == "PROPN":  # a byline: "..." ― Jane Doe
        k = j
        while k + 1 < len(tokens) and tokens[k + 1].upos == "PROPN" and ctx.outside(k + 1):
            k += 1
        return Frame((dash, dash), ctx.np_head(j, k, list(range(j, k + 1))), "pattern")
    if ctx.is_according(j):
        return ctx.according_frame(j)
    # Only a quote that ends like an utterance ('"...,"', '"...?"', '"..." —') or a
    # sentence ('"...."') is framed by the words after it; a quoted phrase in the
    # middle of a sentence ('the "Bread for All" campaign plans') is not.
    content = ctx.doc.text[quote.span.content_start:quote.end].rstrip(" ”’\"'»›")
    uttered = content.endswith((",", "?", "!", "—", "–")) or ctx.doc.text[quote.end:tokens[j].start].strip() != ""
    ended = content.endswith((".", "!", "?"))
    if not (uttered or ended):
        return None
    if ctx.is_cue(j, clause_ok=False):  # '"...," said NP'
        if not uttered:
            return None  # '"...." Speaking at a rally, ...' starts a new sentence
        k = j + 1
        while k < len(tokens) and tokens[k].upos in NP_WORDS and tokens[k].text not in ",.;:" \
                and ctx.outside(k) and k - j <= 6:
            k += 1
        heads = [x for x in range(j + 1, k) if ctx.is_name_like(x)]
        return Frame(ctx.cue_span(j), ctx.np_head(j + 1, k - 1, heads), "pattern") if heads else None
    # '"...," NP said' and '"...," NP, a title, barked': the first verb after a subject
    # that starts right after the marks, in the lexicon or not when the quote is uttered
    for k in range(j, min(j + 14, len(tokens))):
        if not ctx.outside(k) or tokens[k].sent != tokens[j].sent or tokens[k].text in (".", "?", "!", ";"):
            break
        if tokens[k].upos not in ("VERB", "AUX") or tokens[k].rel == "aux":
            continue
        if not uttered and ctx.doc.children(k, "ccomp", "obj"):
            break  # a new sentence after '."' that reports something else
        subj = subject(ctx, k)
        if subj is not None and j <= subj < k and \
                (ctx.is_cue(k, clause_ok=False) or uttered and ctx.is_speech(quote)):
            return Frame(ctx.cue_span(k), subj, "pattern")
        break
    k = j  # the parse may be wrong: a few noun-phrase words, then a reporting verb
    while k < len(tokens) and k - j <= 7 and ctx.outside(k) and (tokens[k].upos in NP_WORDS or _premodifier(ctx, k)) \
            and tokens[k].sent == tokens[j].sent and not ctx.is_cue(k, clause_ok=False):
        k += 1
    if k < len(tokens) and k > j and ctx.outside(k) and ctx.is_cue(k, clause_ok=False) \
            and (uttered or not ctx.doc.children(k, "ccomp", "obj")):
        heads = [x for x in range(j, k) if ctx.is_name_like(x)]
        if heads:
            return Frame(ctx.cue_span(k), ctx.np_head(j, k - 1, heads), "pattern")
    return None


def before_quote(ctx: Context, quote: OpenQuote) -> Optional[Frame]:
    """``NP said: "..."`` · ``NP told reporters, "..."`` · ``NP leaned in and boomed: "..."`` · ``NP: "..."``
    · ``NP was blunt: "..."`` · ``NP issued a statement, "..."``."""
    tokens = ctx.tokens
    i = bisect.bisect_left(ctx.starts, quote.start) - 1
    if i < 0 or tokens[i].text not in (":", ",", "--", "—") or not ctx.outside(i) or ctx.in_dateline(i):
        return None  # 'WASHINGTON — "..."': a dateline names no speaker
    colon = tokens[i].text != ","  # a colon or a dash lets any verb introduce the words
    if ctx.paragraph(tokens[i].start) != quote.paragraph and tokens[i].text != ":":
        return None
    lo = ctx.doc.sentences[tokens[i].sent][0]
    verbs = []
    for k in range(i - 1, max(i - 12, lo - 1), -1):
        if not ctx.outside(k) or tokens[k].text in DASHES and colon:
            break  # "HEADLINE RISES - Jane Doe: ...": the headline's verb is not the cue
        if ctx.is_according(k):  # 'According to NP, "..."'
            return ctx.according_frame(k)
        if ctx.is_cue(k, clause_ok=False):
            subj = subject(ctx, k)
            if subj is None and k > 0 and tokens[k - 1].upos in NOMINAL:
                subj = k - 1
            return Frame(ctx.cue_span(k), subj, "pattern")
        if k == lo and tokens[k].text in ("Said", "Says") and k + 1 < i and ctx.is_name_like(k + 1):
            # 'Said Ortiz, "..."': the inverted verb is often tagged as a name
            names = [x for x in range(k + 1, i) if ctx.is_name_like(x)]
            return Frame((k, k), ctx.np_head(k + 1, i - 1, names), "pattern")
        if tokens[k].upos == "VERB" or colon and _speaking_predicate(ctx, k):
            verbs.append(k)
    if not colon:
        return _comma_introduction(ctx, quote, verbs)
    for k in verbs:  # a colon lets any verb introduce speech
        subj = subject(ctx, k)
        if subj is not None:
            return Frame(ctx.cue_span(k), subj, "pattern")
    # a transcript: "Holt: ..." with nothing but a name before the colon (or
    # between a dash and the colon: "HEADLINE - Jane Doe: ...")
    dashes = [k for k in range(lo, i) if tokens[k].text in DASHES]
    lo = dashes[-1] + 1 if dashes else lo
    words = list(range(lo, i))
    if words and len(words) <= 8 and all(tokens[k].upos in NP_WORDS and ctx.outside(k) for k in words) \
            and any(tokens[k].upos == "PROPN" for k in words):
        nominals = [k for k in words if tokens[k].upos in NOMINAL]
        return Frame((i, i), ctx.np_head(lo, i - 1, nominals), "pattern")
    return None


def _speaking_predicate(ctx: Context, k: int) -> bool:
    """'The board was blunt in its findings: "..."': an adjective with a copula before a
    colon introduces speech, like a verb, when its subject can speak; 'The problem is
    simple: ...' introduces nothing."""
    tokens = ctx.tokens
    if tokens[k].upos != "ADJ" or not ctx.doc.children(k, "cop"):
        return False
    subj = next((c for c in ctx.doc.children(k, "nsubj") if c.i < k), None)
    return subj is not None and can_speak(ctx, subj.i)


def _comma_introduction(ctx: Context, quote: OpenQuote, verbs: List[int]) -> Optional[Frame]:
    """'Lee issued a statement, "We will appeal."': a whole utterance after a comma takes
    the clause before it, whatever its verb, when the nearest verb before the comma is a
    finite main verb (or one the parser hung on the quote's words) whose subject can
    speak (a name, a personal pronoun, a noun for a person)."""
    if not verbs or not ctx.is_introduced_utterance(quote):
        return None
    tokens = ctx.tokens
    k = verbs[0]
    hung_on_quote = tokens[k].head >= 0 and not ctx.outside(tokens[k].head)  # the parser hung it on the words
    main = tokens[k].rel in ("root", "parataxis", "conj") or hung_on_quote
    if not main or tokens[k].xpos not in ("VBD", "VBZ", "VBP"):
        return None
    subj = next((c for c in ctx.doc.children(k, "nsubj") if c.i < k), None)
    if subj is None or not can_speak(ctx, subj.i):
        return None
    return Frame(ctx.cue_span(k), subj.i, "pattern")


def _premodifier(ctx: Context, k: int) -> bool:
    """A participle before a title or name ("retired Navy captain ...") that the
    tagger took for a verb."""
    tokens = ctx.tokens
    return tokens[k].xpos in ("VBN", "VBD", "VBG") and tokens[k].text.islower() and k + 1 < len(tokens) \
        and tokens[k + 1].upos in ("PROPN", "NOUN", "ADJ") and not ctx.is_cue(k, clause_ok=False)
