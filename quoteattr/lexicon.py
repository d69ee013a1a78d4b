"""The reporting verb lexicon: which lemmas can frame speech, and how.

The list lives in ``quoteattr/data/reporting_verbs.tsv`` so that it can be read, diffed
and extended without touching code. Users add verbs at run time::

    >>> from quoteattr.lexicon import Lexicon
    >>> lex = Lexicon.default().extend(["opine"])
    >>> "opine" in lex
    True
"""

from __future__ import annotations

import functools
import os
from typing import Iterable, Mapping, Optional, Union

import attrs

__all__ = ["Verb", "Lexicon", "LexiconLike", "as_lexicon"]

DATA_FILE = os.path.join(os.path.dirname(__file__), "data", "reporting_verbs.tsv")
CLASSES = ("speech", "communication", "evaluation", "writing", "cognition", "evidence")
COMPLEMENTS = frozenset({"clause", "object", "infinitive"})


def _complements(value: object) -> frozenset:
    items = value.split() if isinstance(value, str) else value
    out = frozenset(items)  # type: ignore[arg-type]
    if not out <= COMPLEMENTS:
        raise ValueError(f"unknown complements {sorted(out - COMPLEMENTS)}; use {sorted(COMPLEMENTS)}")
    return out


@attrs.frozen
class Verb:
    """One reporting verb.

    ``needs_clause`` verbs frame a quote only as their complement; ``complements`` says
    which complements carry reported content (``clause``, ``object``, ``infinitive``).
    """

    lemma: str
    cls: str = attrs.field(default="speech", validator=attrs.validators.in_(CLASSES))
    needs_clause: bool = False
    register: str = "neutral"
    complements: frozenset = attrs.field(default=frozenset({"clause"}), converter=_complements)


@attrs.frozen(eq=False)
class Lexicon:
    """An immutable set of :class:`Verb` entries keyed by lemma."""

    verbs: Mapping[str, Verb] = attrs.field(repr=lambda v: f"<{len(v)} verbs>")

    def __contains__(self, lemma: object) -> bool:
        return isinstance(lemma, str) and lemma.lower() in self.verbs

    def __len__(self) -> int:
        return len(self.verbs)

    def get(self, lemma: str) -> Optional[Verb]:
        return self.verbs.get(lemma.lower())

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "Lexicon":
        """The lexicon shipped with quoteattr."""
        return cls.from_tsv(DATA_FILE)

    @classmethod
    def from_tsv(cls, path: str) -> "Lexicon":
        """Read a TSV with a header ``lemma class needs_clause register complements``.

        Lines starting with ``#`` are comments; only ``lemma`` is required.
        """
        verbs = {}
        with open(path, encoding="utf-8") as handle:
            rows = [line.rstrip("\n").split("\t") for line in handle if line.strip() and not line.startswith("#")]
        header, body = rows[0], rows[1:]
        for number, row in enumerate(body, 2):
            if len(row) != len(header):
                raise ValueError(f"{path}: row {number} has {len(row)} columns, expected {len(header)}")
            rec = dict(zip(header, row))
            lemma = rec["lemma"].strip().lower()
            verbs[lemma] = Verb(
                lemma, rec.get("class", "speech"), rec.get("needs_clause", "no") == "yes",
                rec.get("register", "neutral"), rec.get("complements", "clause"),
            )
        return cls(verbs)

    def extend(self, extra: Union[Iterable[str], Mapping[str, str], Iterable[Verb]]) -> "Lexicon":
        """A new lexicon with more verbs: lemmas, ``{lemma: class}`` or :class:`Verb` objects."""
        verbs = dict(self.verbs)
        items = extra.items() if isinstance(extra, Mapping) else extra
        for item in items:
            if isinstance(item, Verb):
                verb = item
            elif isinstance(item, str):
                verb = Verb(item.lower())
            else:
                lemma, cls_ = item
                verb = Verb(lemma.lower(), cls_, cls_ in ("cognition", "evidence"))
            verbs[verb.lemma] = verb
        return Lexicon(verbs)

    def without(self, lemmas: Iterable[str]) -> "Lexicon":
        """A new lexicon without the given lemmas."""
        drop = {lemma.lower() for lemma in lemmas}
        return Lexicon({k: v for k, v in self.verbs.items() if k not in drop})


LexiconLike = Union[None, Lexicon, Iterable[str], Mapping[str, str]]


def as_lexicon(lexicon: LexiconLike) -> Lexicon:
    """``None`` -> the default; a :class:`Lexicon` as is; lemmas or ``{lemma: class}`` extend the default."""
    if lexicon is None:
        return Lexicon.default()
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, str):
        raise TypeError("lexicon must be a Lexicon, a list of lemmas or a {lemma: class} dict, not a str")
    return Lexicon.default().extend(lexicon)
