"""The people (and other named things) a document names: one character per referent.

A light, per-document character list in the manner of fiction readers: "Fitzwilliam
Darcy", "Mr. Darcy" and "Darcy" are one character; "Mr. Bennet", "Mrs. Bennet" and
"Elizabeth Bennet" are three, because a surname shared by people of different titles
or given names is a family name, not a person. Gender comes from honorifics ("Mrs.",
"Sir", "Aunt", in ``data/honorifics.tsv``), from a short list of common given names
(``data/first_names.tsv``) and, in :class:`quoteattr.speakers.Resolver`, from pronouns
already resolved to the character.

Building the list is linear in the number of name mentions: names are indexed by their
first and last word, and a bare word ("Darcy") goes to the character with that word that
was mentioned last.
"""

from __future__ import annotations

import functools
import os
from typing import Dict, List, Optional, Sequence, Tuple

__all__ = ["Characters", "NameMention", "honorifics", "first_names"]

#: (start offset of the name, the name's text without titles, the title word written
#: before it or "", kind: "PERSON", "ORG" or "" for a possible person)
NameMention = Tuple[int, str, str, str]


def _table(name: str) -> Dict[str, str]:
    path = os.path.join(os.path.dirname(__file__), "data", name)
    out: Dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                word, value = line.split("\t")[:2]
                out[word.strip().lower()] = value.strip()
    return out


@functools.lru_cache(maxsize=1)
def honorifics() -> Dict[str, str]:
    """Honorific (lower case, no period) -> "m" or "f"."""
    return _table("honorifics.tsv")


@functools.lru_cache(maxsize=1)
def first_names() -> Dict[str, str]:
    """Common given name (lower case) -> "m" or "f"."""
    return _table("first_names.tsv")


def _key(title: str) -> str:
    return title.strip(".").lower()


class Character:
    """One referent: its display name, gender ("m", "f" or None) and whether a person."""

    __slots__ = ("name", "gender", "kinds", "mentions", "last_seen")

    def __init__(self, name: str, gender: Optional[str] = None) -> None:
        self.name = name
        self.gender = gender
        self.kinds: set = set()
        self.mentions = 0
        self.last_seen = -1

    @property
    def person(self) -> bool:
        return "PERSON" in self.kinds or self.gender is not None or self.kinds == {""}

    def __repr__(self) -> str:
        return f"Character({self.name!r}, {self.gender})"


class Characters:
    """The characters of one document, built from its name mentions in text order."""

    def __init__(self, mentions: Sequence[NameMention]) -> None:
        self.chars: List[Character] = []
        self._full: Dict[Tuple[str, str], int] = {}  # (first word, last word) -> character
        self._titled: Dict[Tuple[str, str], int] = {}  # (honorific, word) -> character
        self._by_word: Dict[str, List[int]] = {}  # first or last word -> characters
        self._bare: Dict[str, int] = {}
        self.at: Dict[int, int] = {}  # mention start -> character
        self.text_at: Dict[int, str] = {}  # mention start -> the name as written there
        self._build(mentions)

    # ------------------------------------------------------------------ building

    def _new(self, name: str, gender: Optional[str] = None) -> int:
        self.chars.append(Character(name, gender))
        return len(self.chars) - 1

    def _index(self, word: str, cid: int) -> None:
        ids = self._by_word.setdefault(word, [])
        if cid not in ids:
            ids.append(cid)

    def _build(self, mentions: Sequence[NameMention]) -> None:
        hon, given = honorifics(), first_names()
        # Full names first: "Fitzwilliam Darcy" and "Fitzwilliam J. Darcy" are one.
        uses: Dict[int, int] = {}
        for _, name, _, _ in mentions:
            words = name.split()
            if len(words) < 2:
                continue
            key = (words[0], words[-1])
            if key not in self._full:
                self._full[key] = self._new(name, given.get(words[0].lower()))
                self._index(words[0], self._full[key])
                self._index(words[-1], self._full[key])
            elif len(name) > len(self.chars[self._full[key]].name):
                self.chars[self._full[key]].name = name
            uses[self._full[key]] = uses.get(self._full[key], 0) + 1
        # Which honorific genders each single word is met with ("Mr. Bennet", "Mrs. Bennet").
        genders: Dict[str, set] = {}
        for _, name, title, _ in mentions:
            if len(name.split()) == 1 and _key(title) in hon:
                genders.setdefault(name, set()).add(hon[_key(title)])
        # A titled single word joins the one full name it can belong to, else stands alone.
        for _, name, title, _ in mentions:
            t = _key(title)
            if len(name.split()) != 1 or t not in hon or (t, name) in self._titled:
                continue
            g = hon[t]
            family = len(genders.get(name, ())) > 1
            fits = [c for c in self._by_word.get(name, ())
                    if self.chars[c].gender in (None, g) and self.chars[c].name.split()[-1] == name]
            firsts = [c for c in self._by_word.get(name, ())
                      if self.chars[c].gender in (None, g) and self.chars[c].name.split()[0] == name]
            fits.sort(key=lambda c: -uses.get(c, 0))
            if fits and not family and (len(fits) == 1 or uses.get(fits[0], 0) > uses.get(fits[1], 0)):
                cid = fits[0]  # "Mr. Darcy" is "Fitzwilliam Darcy", the Darcy named most
            elif len(firsts) == 1 and not fits:
                cid = firsts[0]  # "Sir Henry", "Aunt Polly" with a full name "Henry Baskerville"
            else:
                cid = self._new(f"{title} {name}")
                self._index(name, cid)
            self._titled[(t, name)] = cid
            if self.chars[cid].gender is None:
                self.chars[cid].gender = g
        # In text order: every mention to its character; bare words by recency.
        for start, name, title, kind in mentions:
            cid = self._assign(name, _key(title), start)
            char = self.chars[cid]
            char.kinds.add(kind)
            char.mentions += 1
            char.last_seen = start
            self.at[start] = cid
            self.text_at[start] = name

    def _assign(self, name: str, title: str, start: int) -> int:
        words = name.split()
        if len(words) >= 2:
            return self._full[(words[0], words[-1])]
        if (title, name) in self._titled:
            return self._titled[(title, name)]
        found = self._recent(name)
        if found is not None:
            return found
        if name not in self._bare:
            self._bare[name] = self._new(name, first_names().get(name.lower()))
            self._index(name, self._bare[name])
        return self._bare[name]

    def _recent(self, word: str) -> Optional[int]:
        """The character with ``word`` as its first or last word mentioned most so far
        ("Clinton" is Hillary Clinton, the article's subject, not Chelsea Clinton named
        once), then the one mentioned last."""
        ids = self._by_word.get(word)
        if not ids:
            return None
        return max(ids, key=lambda c: (self.chars[c].mentions, self.chars[c].last_seen, -c))

    # ------------------------------------------------------------------ looking up

    def lookup(self, name: str) -> Optional[int]:
        """The character a name written anywhere refers to (the recency of the whole
        document decides between namesakes), or None."""
        words = name.split()
        if len(words) >= 2 and (words[0], words[-1]) in self._full:
            return self._full[(words[0], words[-1])]
        if len(words) == 1:
            return self._recent(words[0])
        return None

    def name(self, cid: int) -> str:
        return self.chars[cid].name

    def gender(self, cid: int) -> Optional[str]:
        return self.chars[cid].gender
