"""From raw text to quotes: a lazily loaded stanza pipeline in front of the attribution.

The :class:`Attributor` owns the only state in quoteattr, a stanza ``Pipeline`` with the
processors attribution needs. It is built on first use, after a check that every model
file it will load is on disk, so that a machine without models (or without a network)
gets one clear :class:`~quoteattr.errors.ModelsMissingError` instead of a stack trace
from inside stanza.

stanza is imported only when a pipeline is needed: ``quoteattr extract --conllu`` and
``from_conllu`` work without loading torch.
"""

from __future__ import annotations

import bisect
import itertools
import json
import os
import re
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from quoteattr import attribution, marks
from quoteattr.errors import DocumentError, ModelsMissingError
from quoteattr.attribution.chain import as_sieves
from quoteattr.lexicon import LexiconLike, as_lexicon
from quoteattr.model import Quote
from quoteattr.quotes import Quotes

__all__ = ["Attributor", "extract", "download_models", "missing_models", "PROCESSORS"]

#: The stanza processors attribution reads: tokens, multi-word tokens, tags, lemmas, parse.
PROCESSORS: Tuple[str, ...] = ("tokenize", "mwt", "pos", "lemma", "depparse")
_DOWNLOAD_CHOICES = ("if_missing", "never")


def default_model_dir() -> str:
    """stanza's own resource directory (``$STANZA_RESOURCES_DIR`` or stanza's user cache)."""
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return str(DEFAULT_MODEL_DIR)


def _processors(ner: bool) -> Tuple[str, ...]:
    return PROCESSORS + (("ner",) if ner else ())


def _fix_command(lang: str, model_dir: str, ner: bool) -> str:
    extra = " --ner" if ner else ""
    return f"quoteattr download --lang {lang} --model-dir {model_dir}{extra}"


# --------------------------------------------------------------------------- models on disk


def missing_models(lang: str = "en", model_dir: Optional[str] = None, *, ner: bool = False,
                   **stanza_options: Any) -> List[str]:
    """What a stanza Pipeline for ``lang`` would fail to load from ``model_dir``.

    Uses stanza's own resolution (resources.json, packages, dependencies such as pretrained
    vectors), so the answer matches what ``stanza.Pipeline`` will open. Returns one line
    per missing piece; an empty list means everything is in place.
    """
    model_dir = os.path.expanduser(model_dir or default_model_dir())
    index = os.path.join(model_dir, "resources.json")
    if not os.path.isfile(index):
        return [f"{index} (stanza's model index)"]
    try:
        with open(index, encoding="utf-8") as handle:
            resources = json.load(handle)
    except (OSError, ValueError) as err:
        return [f"{index} (unreadable: {err})"]
    if lang not in resources:
        return [f"language {lang!r} in {index}"]
    lang = resources[lang].get("alias", lang)

    from stanza.pipeline.core import Pipeline, build_default_config
    from stanza.resources.common import (add_dependencies, maintain_processor_list,
                                         process_pipeline_parameters)

    wanted = _processors(ner)
    _, _, _, processors = process_pipeline_parameters(lang, model_dir, "default", ",".join(wanted))
    load_list = maintain_processor_list(resources, lang, None, processors)
    load_list = add_dependencies(resources, lang, load_list)
    load_list = Pipeline.update_kwargs(stanza_options, load_list)
    found = {name for name, _ in load_list}
    missing = [f"a {p} model for {lang!r} listed in {index}" for p in wanted if p not in found]

    config = build_default_config(resources, lang, model_dir, load_list)
    config.update(stanza_options)
    for key, value in sorted(config.items()):
        paths = value if isinstance(value, (list, tuple)) else [value]
        if key.endswith("_path"):
            missing += [p for p in paths if isinstance(p, str) and not os.path.isfile(p)]
    return missing


def download_models(lang: str = "en", model_dir: Optional[str] = None, *, ner: bool = False) -> str:
    """Fetch exactly the models :class:`Attributor` needs, with stanza's progress bar.

    Returns the model directory. Raises :class:`ModelsMissingError` when the download
    fails (no network, model hub unreachable).
    """
    import stanza

    model_dir = os.path.expanduser(model_dir or default_model_dir())
    try:
        stanza.download(lang, model_dir=model_dir, package="default",
                        processors=",".join(_processors(ner)), logging_level="INFO")
    except Exception as err:  # requests, OSError, stanza's own: all mean "not fetched"
        raise ModelsMissingError(
            f"Could not download stanza's {lang!r} models into {model_dir}: {err}\n"
            "Check the network connection, or copy a stanza resource directory made on "
            f"another machine (`{_fix_command(lang, model_dir, ner)}` there) and pass it as "
            "model_dir / --model-dir."
        ) from err
    return model_dir


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

    def __init__(self, text: str) -> None:
        self.original = text
        inserts: List[int] = []  # positions in the original text where a newline goes
        if "\n" in text and _line_paragraphs(text):
            inserts = [m.start() + 1 for m in _NEWLINE_RUN.finditer(text) if m.group().count("\n") == 1]
        pieces, last = [], 0
        for pos in inserts:
            pieces += [text[last:pos], "\n"]
            last = pos
        self.text = "".join(pieces) + text[last:]
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


class Attributor:
    """Finds and attributes quotes in raw text; create once and reuse.

    >>> attributor = Attributor(download="never", model_dir="models/")   # doctest: +SKIP
    >>> attributor('"We won," she said.')                                # doctest: +SKIP

    ``model_dir`` is a stanza resource directory (default: stanza's own). With
    ``download="if_missing"`` missing models are fetched on first use; with ``"never"``
    a missing model raises :class:`ModelsMissingError` at once. ``use_gpu=None`` lets
    stanza choose. ``ner=True`` adds stanza's named-entity recogniser, which helps
    resolve speakers at a cost in speed. ``sieves`` is the attribution chain (default
    ``quoteattr.DEFAULT_SIEVES``). ``noun_phrases=False`` leaves out reports whose
    content is a noun phrase with no quoted words (see :func:`quoteattr.from_conllu`).
    Other keywords go to ``stanza.Pipeline``
    (``depparse_batch_size=…``, ``pos_model_path=…``).
    """

    def __init__(self, lang: str = "en", *, model_dir: Optional[str] = None,
                 download: str = "if_missing", use_gpu: Optional[bool] = None,
                 lexicon: LexiconLike = None, ner: bool = False, sieves: Optional[Iterable[Any]] = None,
                 noun_phrases: bool = True, **stanza_options: Any) -> None:
        if download not in _DOWNLOAD_CHOICES:
            raise ValueError(f"download must be one of {_DOWNLOAD_CHOICES}, got {download!r}")
        self.lang = lang
        self.model_dir = os.path.expanduser(str(model_dir)) if model_dir is not None else None
        self.download = download
        self.use_gpu = use_gpu
        self.lexicon = as_lexicon(lexicon)  # checked now, not at the first document
        self.sieves = as_sieves(sieves)
        self.ner = ner
        self.noun_phrases = noun_phrases
        self.stanza_options = stanza_options
        self._nlp: Any = None

    def __repr__(self) -> str:
        state = "loaded" if self._nlp is not None else "not loaded"
        return (f"Attributor(lang={self.lang!r}, model_dir={self.model_dir!r}, "
                f"download={self.download!r}, {state})")

    # -- loading

    @property
    def nlp(self) -> Any:
        """The stanza Pipeline, built on first access."""
        if self._nlp is None:
            self.load()
        return self._nlp

    def load(self) -> "Attributor":
        """Check (and if allowed fetch) the models, then build the stanza Pipeline now."""
        if self._nlp is not None:
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
        """The stanza Document for ``text``, paragraphs kept apart, offsets into ``text``."""
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
        from stanza import Document

        prepared = [_ParserText(t) for t in texts]
        docs = self.nlp([Document([], text=p.text) for p in prepared])
        return [p.restore(doc) for p, doc in zip(prepared, docs)]

    def _attribute(self, doc: Any, text: str) -> List[Quote]:
        return attribution.from_stanza(doc, text, lexicon=self.lexicon, sieves=self.sieves,
                                       noun_phrases=self.noun_phrases)


def _failure(index: int, err: BaseException) -> DocumentError:
    failure = DocumentError(index, f"{type(err).__name__}: {err}")
    failure.__cause__ = err
    return failure


# --------------------------------------------------------------------------- shared default

_shared: Dict[Any, Attributor] = {}


def extract(text: str, **options: Any) -> List[Quote]:
    """Quotes in ``text`` using a shared :class:`Attributor` (one per set of ``options``).

    The first call loads the stanza models (and downloads them if missing); later calls
    with the same options reuse the pipeline. A ``lexicon`` does not change the parse,
    so calls that differ only in their lexicon, sieves or ``noun_phrases`` share one
    pipeline too.
    """
    _check_text(text)
    lexicon = options.pop("lexicon", None)
    sieves = as_sieves(options.pop("sieves", None))
    noun_phrases = bool(options.pop("noun_phrases", True))
    try:
        key: Any = tuple(sorted(options.items()))
        hash(key)
    except TypeError:  # an unhashable stanza option: a private Attributor
        return Attributor(lexicon=lexicon, sieves=sieves, noun_phrases=noun_phrases, **options).extract(text)
    if key not in _shared:
        _shared[key] = Attributor(**options)
    attributor = _shared[key]
    if lexicon is None and sieves is attributor.sieves and noun_phrases or not text.strip():
        return attributor.extract(text)
    return attribution.from_stanza(attributor.parse(text), text, lexicon=lexicon, sieves=sieves,
                                   noun_phrases=noun_phrases)
