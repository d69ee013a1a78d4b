"""quoteattr as a spaCy pipeline component: ``nlp.add_pipe("quoteattr")`` sets ``doc._.quotes``.

Installing quoteattr with spaCy present registers the factory through the
``spacy_factories`` entry point, so no import is needed::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("quoteattr")                       # after the parser
    doc = nlp('"We won," she said.')
    doc._.quotes                                    # the Quotes that from_spacy(doc) returns

The component takes :func:`~quoteattr.from_spacy`'s options through ``config=``:
``nlp.add_pipe("quoteattr", config={"lexicon": ["opine", "quip"]})``, where ``lexicon``
is a list of extra lemmas or a ``{lemma: class}`` mapping (both extend the default
lexicon), or the path of a TSV file that replaces it (:meth:`quoteattr.Lexicon.from_tsv`);
``sieves`` is a list of sieve names from :data:`quoteattr.DEFAULT_SIEVES`, run in the
order given (``config={"sieves": ["syntax", "pattern"]}``); ``noun_phrases=false`` leaves
out reports whose content is a noun phrase with no quoted words. The config lands in ``nlp.config``, so a
pipeline saved with ``nlp.to_disk`` loads with the component in place.

``doc._.quotes`` survives ``Doc.to_bytes`` and ``DocBin(store_user_data=True)``, and with
them ``nlp.pipe(texts, n_process=2)``, which hands each Doc back from its worker as bytes:
quotes are packed as plain dicts and unpacked into :class:`~quoteattr.Quote` objects,
through encoders registered with spaCy's serialiser (srsly) when this module is imported.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Sequence, Union

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from quoteattr.lexicon import Lexicon, LexiconLike
from quoteattr.model import Quote
from quoteattr.quotes import Quotes
from quoteattr.spacy_input import from_spacy

__all__ = ["QuoteattrComponent", "make_quoteattr"]

_KEY = "quoteattr.quotes"  # where a Doc keeps its quotes, in doc.user_data
_PACKED = "__quoteattr_quote__"


def _get_quotes(doc: Doc) -> Optional[Quotes]:
    quotes = doc.user_data.get(_KEY)
    if quotes is not None and not isinstance(quotes, Quotes):  # unpacked from bytes: a list
        quotes = Quotes(quotes, doc.text)
        doc.user_data[_KEY] = quotes
    return quotes


def _set_quotes(doc: Doc, quotes: Optional[List[Quote]]) -> None:
    doc.user_data[_KEY] = None if quotes is None else Quotes(quotes, doc.text)


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", getter=_get_quotes, setter=_set_quotes)


def _pack(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, Quote):
        return {_PACKED: True, **obj.to_dict()}
    return obj if chain is None else chain(obj)


def _unpack(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict) and obj.get(_PACKED) is True:
        data = dict(obj)
        del data[_PACKED]
        return Quote.from_dict(data)
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("quoteattr_quote", func=_pack)
srsly.msgpack_decoders.register("quoteattr_quote", func=_unpack)


def _lexicon(value: Union[None, str, LexiconLike]) -> LexiconLike:
    if isinstance(value, (str, os.PathLike)):
        return Lexicon.from_tsv(str(value))
    return value


def _sieves(value: Optional[Sequence[Any]]) -> Optional[Sequence[Any]]:
    """Sieve names (a config holds only plain values) as the sieves they name."""
    if value is None or not all(isinstance(v, str) for v in value):
        return value
    from quoteattr.attribution import DEFAULT_SIEVES

    by_name = {sieve.name: sieve for sieve in DEFAULT_SIEVES}
    unknown = [name for name in value if name not in by_name]
    if unknown:
        raise ValueError(f"unknown sieve {unknown[0]!r} in the quoteattr component's config; "
                         f"the sieves are: {', '.join(by_name)}")
    return [by_name[name] for name in value]


class QuoteattrComponent:
    """Sets ``doc._.quotes`` to ``from_spacy(doc, **options)`` on every Doc it sees."""

    def __init__(self, name: str = "quoteattr", **options: Any) -> None:
        self.name = name
        self.options = options
        self._from_spacy_options = {**options, "lexicon": _lexicon(options.get("lexicon")),
                                    "sieves": _sieves(options.get("sieves"))}

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[_KEY] = from_spacy(doc, **self._from_spacy_options)
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)

    def __reduce__(self) -> Any:  # pickled (n_process with spawn) as its name and options
        return (_rebuild, (self.name, self.options))

    def __repr__(self) -> str:
        return f"QuoteattrComponent({self.name!r}, {self.options!r})"


def _rebuild(name: str, options: Dict[str, Any]) -> QuoteattrComponent:
    return QuoteattrComponent(name, **options)


@Language.factory(
    "quoteattr",
    default_config={"lexicon": None, "sieves": None, "noun_phrases": True},
    requires=["token.dep", "token.pos", "token.lemma", "token.head"],
    assigns=["doc._.quotes"],
)
def make_quoteattr(nlp: Language, name: str,
                   lexicon: Optional[Union[str, List[str], Dict[str, str]]],
                   sieves: Optional[List[str]], noun_phrases: bool) -> QuoteattrComponent:
    """The ``quoteattr`` factory; its config keys are :func:`~quoteattr.from_spacy`'s options."""
    return QuoteattrComponent(name, lexicon=lexicon, sieves=sieves, noun_phrases=noun_phrases)
