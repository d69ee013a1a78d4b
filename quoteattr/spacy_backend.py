"""spaCy as the parser behind :class:`~quoteattr.Attributor`: ``Attributor(spacy="en_core_web_sm")``.

A spaCy pipeline is an installed package or a directory written by ``nlp.to_disk``; either
loads with ``spacy.load`` and needs no download step of quoteattr's own. A missing spaCy,
a missing pipeline and a pipeline without a dependency parser each give one
:class:`~quoteattr.errors.ModelsMissingError` line that says what to install.

Texts longer than ``max_chars`` (or the pipeline's ``max_length``) are parsed in pieces
cut at paragraph breaks and joined with ``Doc.from_docs``, so the Doc's text is the
whole text and its offsets index it.
"""

from __future__ import annotations

import os
from typing import Any, List, Optional

from quoteattr.errors import ModelsMissingError
from quoteattr.pieces import MAX_CHARS, cut, for_parser

__all__ = ["SpacyParser", "load_spacy", "SPACY_HINT"]

#: How to get spaCy itself; quoteattr is installed from a clone of its repository.
SPACY_HINT = "pip install spacy (or, in a clone of quoteattr: pip install \".[spacy]\")"


def _is_language(obj: Any) -> bool:
    return all(hasattr(obj, name) for name in ("pipe", "pipe_names", "vocab", "max_length"))


def load_spacy(model: Any, *, use_gpu: Optional[bool] = None, **load_options: Any) -> Any:
    """A spaCy ``Language`` with a dependency parser, from a package name, a directory or itself."""
    if _is_language(model):
        nlp = model
    else:
        if not isinstance(model, (str, os.PathLike)):
            raise TypeError(f"spacy= takes a pipeline's package name, its directory or a loaded "
                            f"spaCy Language, not {type(model).__name__}")
        try:
            import spacy
        except ImportError:
            raise ModelsMissingError(f"spaCy is not installed; install it with: {SPACY_HINT}") from None
        if use_gpu:
            spacy.prefer_gpu()
        try:
            nlp = spacy.load(model, **load_options)
        except OSError as err:
            if os.path.isdir(str(model)):
                raise ModelsMissingError(
                    f"{model} is a directory but not a spaCy pipeline (spaCy said: "
                    f"{str(err).splitlines()[0]}); pass the directory nlp.to_disk() wrote") from None
            name = str(model)
            raise ModelsMissingError(
                f"the spaCy pipeline {name!r} is not installed; install it with: "
                f"python -m spacy download {name} (or pip install its package), or pass the "
                "directory of a pipeline saved with nlp.to_disk()") from None
    if not any(_sets_deps(nlp, name) for name in nlp.pipe_names):
        raise ModelsMissingError(
            f"the spaCy pipeline {_name(nlp)!r} has no dependency parser (components: "
            f"{', '.join(nlp.pipe_names) or 'none'}); use one with a parser, e.g. en_core_web_sm")
    return nlp


def _sets_deps(nlp: Any, name: str) -> bool:
    meta = nlp.get_pipe_meta(name)
    return "token.dep" in (meta.assigns or ()) or meta.factory in ("parser", "beam_parser")


def _name(nlp: Any) -> str:
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}"


class SpacyParser:
    """Loads a spaCy pipeline on first use and parses lists of texts into whole-text Docs."""

    def __init__(self, model: Any, *, use_gpu: Optional[bool] = None, **load_options: Any) -> None:
        self.model = model
        self.use_gpu = use_gpu
        self.load_options = load_options
        self._nlp: Any = None
        self._skip: List[str] = []
        if _is_language(model):
            self.load()  # a loaded pipeline is checked at once

    def __repr__(self) -> str:
        shown = self.model if isinstance(self.model, (str, os.PathLike)) else _name(self.model)
        return f"spaCy {str(shown)!r}"

    @property
    def loaded(self) -> bool:
        return self._nlp is not None

    def load(self) -> Any:
        """The spaCy ``Language``, loaded (and checked) now if it was not yet."""
        if self._nlp is None:
            nlp = load_spacy(self.model, use_gpu=self.use_gpu, **self.load_options)
            # a quoteattr component in the pipeline would attribute each piece on its own
            self._skip = [n for n in nlp.pipe_names if nlp.get_pipe_meta(n).factory == "quoteattr"]
            self._nlp = nlp
        return self._nlp

    def parse(self, texts: List[str], max_chars: int = MAX_CHARS, batch_size: int = 32) -> List[Any]:
        """One parsed Doc per text; ``doc.text`` is the text and offsets index it (a
        byte-order mark that opens a text is parsed as a space)."""
        nlp = self.load()
        limit = max(1, min(max_chars, nlp.max_length))
        plans = [cut(text, limit) for text in texts]
        pieces = [for_parser(text[a:b], a) for text, plan in zip(texts, plans) for a, b in plan]
        parsed = iter(nlp.pipe(pieces, batch_size=batch_size, disable=self._skip))
        docs = []
        for plan in plans:
            parts = [next(parsed) for _ in plan]
            if len(parts) == 1:
                docs.append(parts[0])
            else:
                from spacy.tokens import Doc

                docs.append(Doc.from_docs(parts, ensure_whitespace=False))
        return docs
