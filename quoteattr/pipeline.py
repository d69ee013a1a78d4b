"""From raw text to quotes: a lazily loaded parser in front of the attribution.

The :class:`Attributor` owns the only state in quoteattr, a parser: by default a stanza
``Pipeline`` with the processors attribution needs, or a spaCy pipeline
(``Attributor(spacy="en_core_web_sm")``, see :mod:`quoteattr.spacy_backend`). It is
built on first use, after a check that every model file it will load is on disk, so
that a machine without models (or without a network) gets one clear
:class:`~quoteattr.errors.ModelsMissingError` instead of a stack trace from inside
the parser. Texts longer than ``max_chars`` are parsed in pieces (:mod:`quoteattr.pieces`).

stanza is imported only when a pipeline is needed: ``quoteattr extract --conllu`` and
``from_conllu`` work without loading torch.
"""

from __future__ import annotations

import bisect
import inspect
import itertools
import os
import re
from typing import Any, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from quoteattr import attribution, marks, pieces
from quoteattr.errors import DocumentError, ModelsMissingError
from quoteattr.attribution.chain import as_sieves
from quoteattr.lexicon import LexiconLike, as_lexicon
from quoteattr.model import Quote
from quoteattr.quotes import Quotes
from quoteattr.stanza_models import (PROCESSORS, _fix_command, _processors, default_model_dir,
                                     download_models, missing_models)

__all__ = ["Attributor", "extract", "download_models", "missing_models", "PROCESSORS"]

_DOWNLOAD_CHOICES = ("if_missing", "never")


# --------------------------------------------------------------------------- paragraphs

_NEWLINE_RUN = re.compile(r"\n(?:[^\S\n]*\n)*")


def _line_paragraphs(text: str) -> bool:
    """Whether single newlines end paragraphs; shares the quotation scanner's judgement."""
    return marks.one_paragraph_per_line(text)


class _ParserText:
    """The text as stanza should see it: every paragraph break a blank line.

    stanza's tokenizer only splits paragraphs at blank lines. In one-paragraph-per-line
    text a newline is inserted after each single line break, so that no sentence spans
    two paragraphs; :meth:`restore` moves the offsets back onto the caller's text.
    """

    def __init__(self, text: str, line_paragraphs: Optional[bool] = None, start: int = 0) -> None:
        self.original = text
        inserts: List[int] = []  # positions in the original text where a newline goes
        if line_paragraphs is None:
            line_paragraphs = "\n" in text and _line_paragraphs(text)
        if line_paragraphs:
            inserts = [m.start() + 1 for m in _NEWLINE_RUN.finditer(text) if m.group().count("\n") == 1]
        parts, last = [], 0
        for pos in inserts:
            parts += [text[last:pos], "\n"]
            last = pos
        self.text = pieces.for_parser("".join(parts) + text[last:], start)
        # the inserted newlines' positions in self.text, ascending
        self._added = [pos + i for i, pos in enumerate(inserts)]

    def to_original(self, offset: Optional[int]) -> Optional[int]:
        if offset is None or not self._added:
            return offset
        return offset - bisect.bisect_left(self._added, offset)

    def restore(self, doc: Any) -> Any:
        """Point ``doc``'s offsets and text at the original text."""
        if self._added:
            move = self.to_original
            for sentence in doc.sentences:
                for token in sentence.tokens:
                    # stanza offers no setter for token offsets; words and spans have one.
                    token._start_char, token._end_char = move(token.start_char), move(token.end_char)
                    for word in token.words:
                        if word.start_char is not None:
                            word.start_char, word.end_char = move(word.start_char), move(word.end_char)
            for span in getattr(doc, "ents", None) or []:
                span.start_char, span.end_char = move(span.start_char), move(span.end_char)
        doc.text = self.original
        return doc


# --------------------------------------------------------------------------- the Attributor


def _check_text(text: Any) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected the text as str, got {type(text).__name__}"
                        + (" (decode bytes first, e.g. data.decode('utf-8'))"
                           if isinstance(text, (bytes, bytearray)) else ""))
    return text


def _attribution_keywords() -> FrozenSet[str]:
    """The options :func:`quoteattr.attribution.attribute` takes (``lexicon``, ...)."""
    params = inspect.signature(attribution.attribute).parameters.values()
    return frozenset(p.name for p in params if p.kind == p.KEYWORD_ONLY)


def split_options(options: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """``options`` as (attribution options, parser options): those that
    :func:`quoteattr.attribution.attribute` takes go to the attribution."""
    names = _attribution_keywords()
    return ({k: v for k, v in options.items() if k in names},
            {k: v for k, v in options.items() if k not in names})


class Attributor:
    """Finds and attributes quotes in raw text; create once and reuse.

    >>> attributor = Attributor(download="never", model_dir="models/")   # doctest: +SKIP
    >>> attributor('"We won," she said.')                                # doctest: +SKIP
    >>> Attributor(spacy="en_core_web_sm")('"We won," she said.')        # doctest: +SKIP

    The parser is stanza unless ``spacy`` names a spaCy pipeline: an installed package
    (``"en_core_web_sm"``), the directory of one saved with ``nlp.to_disk``, or a loaded
    ``nlp``. spaCy pipelines need no download step here; a missing one raises
    :class:`ModelsMissingError` saying what to install.

    For stanza, ``model_dir`` is a stanza resource directory (default: stanza's own).
    With ``download="if_missing"`` missing models are fetched on first use; with
    ``"never"`` a missing model raises :class:`ModelsMissingError` at once.
    ``use_gpu=None`` lets stanza choose. ``ner=True`` adds stanza's named-entity
    recogniser, which helps resolve speakers at a cost in speed.

    Texts longer than ``max_chars`` characters are parsed in pieces cut at paragraph
    breaks (:mod:`quoteattr.pieces`); offsets still index the whole text.

    ``sieves`` is the attribution chain (default ``quoteattr.DEFAULT_SIEVES``).
    ``noun_phrases=False`` leaves out reports whose content is a noun phrase with no
    quoted words (see :func:`quoteattr.from_conllu`). Other keywords that
    :func:`quoteattr.attribution.attribute` takes go to the attribution (as ``lexicon``,
    ``sieves`` and ``noun_phrases`` do); the rest go to ``stanza.Pipeline``
    (``depparse_batch_size=…``, ``pos_model_path=…``) or to ``spacy.load``
    (``exclude=[…]``).
    """

    def __init__(self, lang: str = "en", *, model_dir: Optional[str] = None,
                 download: str = "if_missing", use_gpu: Optional[bool] = None,
                 lexicon: LexiconLike = None, ner: bool = False, sieves: Optional[Iterable[Any]] = None,
                 noun_phrases: bool = True, spacy: Any = None, max_chars: int = pieces.MAX_CHARS,
                 **options: Any) -> None:
        if download not in _DOWNLOAD_CHOICES:
            raise ValueError(f"download must be one of {_DOWNLOAD_CHOICES}, got {download!r}")
        if max_chars < 1:
            raise ValueError(f"max_chars must be at least 1, got {max_chars}")
        self.lang = lang
        self.model_dir = os.path.expanduser(str(model_dir)) if model_dir is not None else None
        self.download = download
        self.use_gpu = use_gpu
        self.lexicon = as_lexicon(lexicon)  # checked now, not at the first document
        self.sieves = as_sieves(sieves)
        self.ner = ner
        self.noun_phrases = noun_phrases
        self.max_chars = max_chars
        self.options, self.stanza_options = split_options(options)
        self._nlp: Any = None
        self._spacy: Any = None
        if spacy is not None:
            if model_dir is not None or ner:
                raise ValueError("model_dir and ner are stanza settings; with spacy= pass the "
                                 "pipeline's package name or directory as spacy=")
            from quoteattr.spacy_backend import SpacyParser

            self._spacy = SpacyParser(spacy, use_gpu=use_gpu, **self.stanza_options)
            self.stanza_options = {}
            self._nlp = self._spacy._nlp

    def __repr__(self) -> str:
        state = "loaded" if self._nlp is not None else "not loaded"
        if self._spacy is not None:
            return f"Attributor(spacy={self._spacy!r}, {state})"
        return (f"Attributor(lang={self.lang!r}, model_dir={self.model_dir!r}, "
                f"download={self.download!r}, {state})")

    @property
    def backend(self) -> str:
        """``"stanza"`` or ``"spacy"``: the parser this Attributor runs."""
        return "stanza" if self._spacy is None else "spacy"

    # -- loading

    @property
    def nlp(self) -> Any:
        """The parser, built on first access: a stanza Pipeline or a spaCy Language."""
        if self._nlp is None:
            self.load()
        return self._nlp

    def load(self) -> "Attributor":
        """Check (and if allowed fetch) the models, then build the parser now."""
        if self._nlp is not None:
            return self
        if self._spacy is not None:
            self._nlp = self._spacy.load()
            return self
        model_dir = self.model_dir or default_model_dir()
        model_options = {k: v for k, v in self.stanza_options.items() if k.endswith("_path")}
        missing = missing_models(self.lang, model_dir, ner=self.ner, **model_options)
        if missing and self.download == "if_missing":
            try:
                download_models(self.lang, model_dir, ner=self.ner)
            except ModelsMissingError as err:
                raise self._missing_error(model_dir, missing, err.__cause__) from err.__cause__
            missing = missing_models(self.lang, model_dir, ner=self.ner, **model_options)
        if missing:
            raise self._missing_error(model_dir, missing, None)

        import stanza

        options: Dict[str, Any] = {"logging_level": "WARN", **self.stanza_options}
        self._nlp = stanza.Pipeline(self.lang, dir=model_dir, processors=",".join(_processors(self.ner)),
                                    download_method=None, use_gpu=self.use_gpu, **options)
        return self

    def _missing_error(self, model_dir: str, missing: Sequence[str],
                       download_error: Optional[BaseException]) -> ModelsMissingError:
        shown = "\n".join(f"  - {m}" for m in missing[:8])
        if len(missing) > 8:
            shown += f"\n  - … and {len(missing) - 8} more"
        why = ("downloads are off (download='never' / --no-download)" if download_error is None
               else f"downloading them failed: {download_error}")
        return ModelsMissingError(
            f"stanza models for {self.lang!r} ({', '.join(_processors(self.ner))}) are missing "
            f"from {model_dir}; {why}.\nMissing:\n{shown}\n"
            f"Fix: run `{_fix_command(self.lang, model_dir, self.ner)}` on a machine with a "
            "network (copy the directory here if this one has none), or pass model_dir / "
            "--model-dir pointing at an existing stanza resource directory."
        )

    # -- extraction

    def __call__(self, text: str) -> List[Quote]:
        return self.extract(text)

    def extract(self, text: str) -> List[Quote]:
        """All quotes in ``text``, sorted by position; offsets index ``text``."""
        if not _check_text(text).strip():
            return Quotes([], text)
        return self._attribute(self._parse([text])[0], text)

    def parse(self, text: str) -> Any:
        """The parse of ``text``, offsets into ``text``: a stanza Document with paragraphs
        kept apart, or a spaCy Doc."""
        return self._parse([_check_text(text)])[0]

    def pipe(self, texts: Iterable[Any], batch_size: int = 32, *,
             errors: str = "return") -> Iterator[Union[List[Quote], DocumentError]]:
        """Quotes for each text, in input order, parsed ``batch_size`` documents at a time.

        One result per input. A document that fails (not a str, or an error inside
        stanza or the attribution) does not stop the others: with ``errors="return"``
        its place holds a :class:`DocumentError` (``.index``, ``__cause__``), in the
        manner of ``asyncio.gather(return_exceptions=True)``; with ``errors="raise"`` the
        first failure is raised and the stream ends. Missing models raise at once.

        >>> for i, result in enumerate(attributor.pipe(texts)):   # doctest: +SKIP
        ...     if isinstance(result, Exception):
        ...         print("skipped", result)
        """
        if errors not in ("return", "raise"):
            raise ValueError(f"errors must be 'return' or 'raise', got {errors!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.load()
        items = iter(texts)
        for first in itertools.count(0, batch_size):
            batch = list(itertools.islice(items, batch_size))
            if not batch:
                return
            for result in self._run_batch(first, batch):
                if isinstance(result, DocumentError) and errors == "raise":
                    raise result
                yield result

    def _run_batch(self, first: int, batch: List[Any]) -> List[Union[List[Quote], DocumentError]]:
        results: List[Union[List[Quote], DocumentError]] = [
            Quotes([], t if isinstance(t, str) else "") for t in batch]
        todo: List[int] = []
        for i, text in enumerate(batch):
            if not isinstance(text, str):
                results[i] = _failure(first + i, TypeError(
                    f"expected the text as str, got {type(text).__name__}"))
            elif text.strip():
                todo.append(i)
        try:
            docs = self._parse([batch[i] for i in todo])
        except Exception:  # isolate the document stanza choked on
            docs = []
            for i in todo:
                try:
                    docs.append(self._parse([batch[i]])[0])
                except Exception as err:
                    docs.append(None)
                    results[i] = _failure(first + i, err)
        for i, doc in zip(todo, docs):
            if doc is None:
                continue
            try:
                results[i] = self._attribute(doc, batch[i])
            except Exception as err:
                results[i] = _failure(first + i, err)
        return results

    def _parse(self, texts: List[str]) -> List[Any]:
        if not texts:
            return []
        if self._spacy is not None:
            self.load()
            return self._spacy.parse(texts, self.max_chars)
        from stanza import Document

        plans = [pieces.cut(text, self.max_chars) for text in texts]
        prepared = []
        for text, plan in zip(texts, plans):
            lines = len(plan) > 1 and "\n" in text and _line_paragraphs(text)  # the whole text's verdict
            prepared += [_ParserText(text[a:b], lines if len(plan) > 1 else None, a) for a, b in plan]
        parsed = iter(self.nlp([Document([], text=p.text) for p in prepared]))
        ready = iter(prepared)
        docs = []
        for text, plan in zip(texts, plans):
            parts = [next(ready).restore(next(parsed)) for _ in plan]
            docs.append(parts[0] if len(parts) == 1 else
                        pieces.merge_stanza(parts, [a for a, _ in plan], text))
        return docs

    def _attribute(self, doc: Any, text: str, **options: Any) -> List[Quote]:
        options = {"lexicon": self.lexicon, "sieves": self.sieves, "noun_phrases": self.noun_phrases,
                   **self.options, **options}
        if self._spacy is not None:
            from quoteattr.spacy_input import from_spacy

            return Quotes(from_spacy(doc, **options), text)  # doc.text may show a BOM as a space
        return attribution.from_stanza(doc, text, **options)


def _failure(index: int, err: BaseException) -> DocumentError:
    failure = DocumentError(index, f"{type(err).__name__}: {err}")
    failure.__cause__ = err
    return failure


# --------------------------------------------------------------------------- shared default

_shared: Dict[Any, Attributor] = {}


def extract(text: str, **options: Any) -> List[Quote]:
    """Quotes in ``text`` using a shared :class:`Attributor` (one per parser and its settings).

    ``options`` are :class:`Attributor`'s: ``quoteattr.extract(text, spacy="en_core_web_sm")``
    parses with spaCy. The first call loads the parser (for stanza, downloading missing
    models); later calls with the same settings reuse it. Options that only change the
    attribution (``lexicon``, ``sieves``, ``noun_phrases``) do not change the parse, so calls that differ only in
    them share one parser too.
    """
    _check_text(text)
    attribution_options, parser_options = split_options(options)
    try:
        key: Any = tuple(sorted(parser_options.items()))
        hash(key)
    except TypeError:  # an unhashable parser option: a private Attributor
        return Attributor(**options).extract(text)
    if key not in _shared:
        _shared[key] = Attributor(**parser_options)
    attributor = _shared[key]
    if not text.strip():
        return Quotes([], text)
    return attributor._attribute(attributor.parse(text), text, **attribution_options)
