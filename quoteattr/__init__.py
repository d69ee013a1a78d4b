"""quoteattr: who said what, in English prose.

>>> import quoteattr
>>> quotes = quoteattr.extract(text)          # doctest: +SKIP
"""

from quoteattr.attribution import DEFAULT_SIEVES, DocumentStep, Frame, Repair, Sieve, from_conllu, from_stanza
from quoteattr.lexicon import Lexicon
from quoteattr.marks import find_quotes
from quoteattr.model import Addressee, Cue, Quote, QuoteKind, QuoteSpan, Span, Speaker
from quoteattr.quotes import Quotes
from quoteattr.pipeline import Attributor, download_models, extract
from quoteattr.records import to_records
from quoteattr.render import render_html, render_text
from quoteattr.spacy_input import from_spacy

__version__ = "0.1.0"

__all__ = ["Addressee", "Cue", "Quote", "QuoteKind", "Quotes", "QuoteSpan", "Span", "Speaker", "find_quotes",
           "Attributor", "download_models", "extract",
           "render_html", "render_text", "to_records",
           "from_conllu", "from_spacy", "from_stanza", "Lexicon",
           "DEFAULT_SIEVES", "Sieve", "Repair", "DocumentStep", "Frame"]
