"""Attribution: link each quotation to its cue and speaker on a parsed document.

Quotations in marks come from :func:`quoteattr.marks.find_quotes`; the parse tells who
said them. A chain of sieves (:data:`DEFAULT_SIEVES`, in :mod:`.sieves`) decides: each
sieve proposes a frame (a cue and a speaker) for the quotes no earlier sieve framed, and
writes its name into ``Quote.rule``. docs/how-it-works.md walks through the chain.

Modules: :mod:`.context` (what sieves read), :mod:`.chain` (what a sieve is and how the
chain runs), :mod:`.performer` (who performs a verb), :mod:`.clauses` (what a verb
reports), one module per family of sieves, and :mod:`.output` (frames to quotes).
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from quoteattr.attribution.chain import DocumentStep, Repair, Sieve, as_sieves, run_chain
from quoteattr.attribution.context import Context, Frame, OpenQuote, build_context
from quoteattr.attribution.output import CONFIDENCE, make_quotes
from quoteattr.attribution.sieves import DEFAULT_SIEVES
from quoteattr.lexicon import LexiconLike, as_lexicon
from quoteattr.quotes import Quotes
from quoteattr.parsed import Document, Source, from_stanza_document, read_conllu
from quoteattr.gc_pause import gc_paused

__all__ = ["attribute", "from_conllu", "from_stanza", "CONFIDENCE", "DEFAULT_SIEVES",
           "Sieve", "Repair", "DocumentStep", "Frame", "OpenQuote", "Context"]

SievesLike = Optional[Iterable[Any]]


def from_conllu(source: Source, text: Optional[str] = None, *,
                lexicon: LexiconLike = None, sieves: SievesLike = None, noun_phrases: bool = True) -> Quotes:
    """Quotes from a CoNLL-U parse of ``text``.

    ``source`` is the CoNLL-U text itself when it is a ``str`` (never read as a file
    name), a path as an ``os.PathLike`` such as ``pathlib.Path``, or a file opened for
    reading in text mode. Token offsets come from MISC ``start_char``/``end_char``; with
    ``text=None`` the text is rebuilt from the parse and the offsets index that rebuilt
    text. Raises :class:`~quoteattr.errors.ConlluError` for input it cannot read.

    One attribution gives one quote: a mixed quote is the reported clause, with its
    quoted pieces in ``Quote.fragments``. ``noun_phrases=False`` leaves out reports
    whose content is a noun phrase with no quoted words ("The manager hailed the
    moment of magic"; ``Quote.form == "noun-phrase"``).

    >>> quotes = from_conllu(Path("article.conllu"), text=Path("article.txt").read_text())  # doctest: +SKIP
    """
    return attribute(read_conllu(source, text), lexicon=lexicon, sieves=sieves, noun_phrases=noun_phrases)


def from_stanza(doc: Any, text: Optional[str] = None, *, lexicon: LexiconLike = None,
                sieves: SievesLike = None, noun_phrases: bool = True) -> Quotes:
    """Quotes from a parsed ``stanza.Document`` (tokenize, pos, lemma, depparse)."""
    return attribute(from_stanza_document(doc, text), lexicon=lexicon, sieves=sieves, noun_phrases=noun_phrases)


@gc_paused
def attribute(doc: Document, *, lexicon: LexiconLike = None, sieves: SievesLike = None,
              noun_phrases: bool = True) -> Quotes:
    """All quotes of a parsed document, direct, mixed and indirect, sorted by start.

    ``sieves`` is the chain to run (default :data:`DEFAULT_SIEVES`); with ``sieves=()``
    the quotations in marks are still returned, none with a speaker. One attribution
    gives one quote: the quoted fragments of a mixed quote are its ``fragments``.
    ``noun_phrases=False`` leaves out reports whose content is a noun phrase with no
    quoted words ("The manager hailed the moment of magic"; ``Quote.form ==
    "noun-phrase"``); a noun phrase with a quoted fragment stays a mixed quote.
    """
    chain = as_sieves(sieves)
    lexicon = as_lexicon(lexicon)
    if not doc.tokens:
        return Quotes([], text=doc.text)
    ctx = build_context(doc, lexicon)
    return make_quotes(ctx, run_chain(ctx, chain), noun_phrases=noun_phrases)
