"""Speaker phrases and what they refer to.

A speaker is reported as the noun phrase the text uses ("the South Korean presidential
office", "he") together with the fullest name the document gives for it (``entity``).
Resolution is deliberately simple and local: a pronoun or a definite description takes
the nearest compatible named speaker before it; a bare surname takes the full name
that ends with it.
"""

from __future__ import annotations

import bisect
import functools
import os
from typing import Container, Dict, List, Optional, Tuple

from quoteattr.model import Speaker
from quoteattr.parsed import Document, Token

__all__ = ["noun_phrase", "Resolver"]

# Dependents that take a noun phrase beyond "who": clauses hanging off the noun.
_NP_STOP = {"acl", "parataxis", "ccomp", "advcl", "cop", "mark", "nsubj", "xcomp", "csubj", "aux"}
_PERSON_PRONOUNS = {"he", "she", "him", "her", "i", "me", "we", "us"}
_PLURAL_PRONOUNS = {"they", "them", "we"}
_PRONOUNS = _PERSON_PRONOUNS | _PLURAL_PRONOUNS | {"it", "you", "who", "which", "that"}
_EDGE_PUNCT = set(",;:—–-()[]\"“”‘’'«»")


@functools.lru_cache(maxsize=1)
def _titles() -> frozenset:
    path = os.path.join(os.path.dirname(__file__), "data", "titles.txt")
    with open(path, encoding="utf-8") as handle:
        words = [w for line in handle if not line.startswith("#") for w in line.split()]
    return frozenset(w.strip(".").lower() for w in words)


def noun_phrase(doc: Document, head: int, avoid: Container[int] = ()) -> Tuple[int, int]:
    """The token range ``[first, last]`` of the noun phrase headed by ``head``.

    Relative clauses and clausal dependents are left out, the phrase is kept
    contiguous around its head, never takes in the tokens in ``avoid`` (the
    quote itself), and loses punctuation at its edges.
    """
    tokens = doc.tokens
    keep = {head}
    stack = [head]
    while stack:
        j = stack.pop()
        for k in tokens[j].children:
            tok = tokens[k]
            if tok.rel in _NP_STOP or k in avoid:
                continue
            if tokens[head].head < 0 and k < head and tok.rel in ("nmod", "obl") \
                    and any(tokens[c].rel == "case" for c in tok.children):
                continue  # a verbless "In an interview, Senator X (R-Del.)": the phrase before is no part of X
            keep.add(k)
            stack.append(k)
    first = last = head
    while first - 1 in keep and tokens[first - 1].sent == tokens[head].sent:
        first -= 1
    while last + 1 in keep and tokens[last + 1].sent == tokens[head].sent:
        last += 1
    while first < head and (tokens[first].text in _EDGE_PUNCT or tokens[first].upos in ("PUNCT", "CCONJ")):
        first += 1
    # "according to the university": the prepositions belong to the cue, not the speaker
    while first < head and tokens[first].rel in ("case", "fixed"):
        first += 1
    while last > head and (tokens[last].text in _EDGE_PUNCT or tokens[last].upos == "PUNCT" or tokens[last].upos in ("CCONJ", "ADP")):
        last -= 1
    opened = sum((t.text == "(") - (t.text == ")") for t in tokens[first:last + 1])
    if opened > 0 and last + 1 < len(tokens) and tokens[last + 1].text == ")":
        last += 1  # "Senator Ines Okoro (R-Del.)" keeps its closing parenthesis
    return first, last


def _name_tokens(doc: Document, first: int, last: int, head: int) -> List[Token]:
    """The proper-name tokens of a phrase around its head, titles left out."""
    tokens = doc.tokens
    # A named entity tag, where the parse has one, marks the name best.
    if tokens[head].ner in ("PERSON", "ORGANIZATION", "ORG", "NORP", "GPE", "LOC", "LOCATION"):
        a = b = head
        while a - 1 >= first and tokens[a - 1].ner == tokens[head].ner:
            a -= 1
        while b + 1 <= last and tokens[b + 1].ner == tokens[head].ner:
            b += 1
        names = _after_titles(tokens[a:b + 1])
        if names:
            return names
    if tokens[head].upos == "ADJ" and tokens[head].text[:1].isupper() and first == last == head:
        return [tokens[head]]  # '"...," said Devlin' with the name tagged as an adjective
    if tokens[head].upos != "PROPN":
        # "Hugh Hill, a doctor": the appositive may carry the name.
        for t in tokens[first:last + 1]:
            if t.head == head and t.deprel == "appos" and t.upos == "PROPN":
                return _name_tokens(doc, first, last, t.i)
        return []
    a = b = head
    while a - 1 >= first and tokens[a - 1].upos == "PROPN":
        a -= 1
    while b + 1 <= last and tokens[b + 1].upos == "PROPN" and tokens[b + 1].head == head:
        b += 1
    return _after_titles(tokens[a:b + 1])


def _after_titles(run: List[Token]) -> List[Token]:
    """The name after the last title word: "Police Chief Dana Whitfield" -> "Dana Whitfield"."""
    titles = _titles()
    last_title = max((n for n, t in enumerate(run) if t.text.strip(".").lower() in titles), default=-1)
    return run[last_title + 1:]


def _is_subject(tokens: List[Token], t: Token) -> bool:
    """A subject, or a name coordinated with one ("Mr. Dalton and Mrs. Ferreira toured")."""
    return t.rel == "nsubj" or (t.rel in ("conj", "flat") and t.head >= 0 and _is_subject(tokens, tokens[t.head]))


def _span_text(doc: Document, toks: List[Token]) -> str:
    return doc.text[toks[0].start:toks[-1].end] if toks else ""


_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_MALE_TITLES = {"mr", "sir", "lord", "king", "prince", "father", "brother", "congressman", "councilman",
                "spokesman", "chairman", "assemblyman"}
_FEMALE_TITLES = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister", "congresswoman",
                  "councilwoman", "spokeswoman", "chairwoman"}


class Resolver:
    """Resolves speaker mentions to entities, walking the document in text order.

    It remembers the speakers resolved so far and what it has learned of their
    gender (from titles such as "Mrs." and from pronouns already resolved to them).
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.speakers: List[Tuple[int, str, bool]] = []  # (char offset, entity, is_plural)
        self.gender: Dict[str, str] = {}  # entity -> "m" / "f"
        self._mentions = self._collect_mentions()
        self._starts = [m[0] for m in self._mentions]
        self._names = self._index_names()

    def _collect_mentions(self) -> List[Tuple[int, str, str]]:
        """Proper-name runs in the whole document: (start offset, text, kind).

        ``kind`` is PERSON or ORG from the parse's entity tags; without tags, a name
        that is the subject of a verb is taken as a possible person ("").
        """
        out = []
        tokens = self.doc.tokens
        titles = _titles()
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.upos == "PROPN" and t.text.strip(".").lower() not in titles and t.text not in ("Said", "Says"):
                # ("Said Comey, ..." starts with a verb the tagger took for a name)
                j = i
                while j + 1 < len(tokens) and tokens[j + 1].upos == "PROPN" and tokens[j + 1].sent == t.sent:
                    j += 1
                run = _after_titles(tokens[i:j + 1])
                kinds = {x.ner for x in run} - {"O"}
                if "PERSON" in kinds:
                    kind = "PERSON"
                elif kinds:
                    kind = "ORG"
                else:
                    kind = "" if any(_is_subject(tokens, x) for x in run) else "ORG"
                if run:
                    name = _span_text(self.doc, run)
                    out.append((run[0].start, name, kind))
                    before = tokens[i - 1].text.strip(".").lower() if i else ""
                    if before in _MALE_TITLES:
                        self.gender.setdefault(name, "m")
                    elif before in _FEMALE_TITLES:
                        self.gender.setdefault(name, "f")
                i = j + 1
            else:
                i += 1
        return out

    def _index_names(self) -> Dict[str, List[Tuple[int, str]]]:
        """Each leading and trailing run of words of every name -> [(offset, full name)]."""
        index: Dict[str, List[Tuple[int, str]]] = {}
        for start, full, _ in self._mentions:
            words = full.split()
            for k in range(1, len(words)):
                for part in (" ".join(words[k:]), " ".join(words[:k])):
                    index.setdefault(part, []).append((start, full))
        return index

    def _full_name(self, name: str, before: int) -> str:
        """``Trump`` -> ``Donald Trump`` when an earlier (or the same) mention ends with it."""
        best = name
        for start, full in self._names.get(name, ()):
            if start > before:
                break
            if len(full) > len(best):
                best = full
        return best

    def resolve(self, first: int, last: int, head: int) -> Speaker:
        """A :class:`Speaker` for tokens ``first..last`` (headed by ``head``), with its entity."""
        doc = self.doc
        tokens = doc.tokens
        start, end = tokens[first].start, tokens[last].end
        text = doc.text[start:end]
        word = tokens[head].text.lower()
        entity: Optional[str] = None
        plural = word in _PLURAL_PRONOUNS or tokens[head].xpos in ("NNS", "NNPS")
        verb = tokens[head].head
        if word in ("who", "which", "that") and verb >= 0 and tokens[verb].deprel.startswith("acl") \
                and tokens[verb].head >= 0:
            noun = tokens[verb].head  # "the senator, who said ...": the antecedent
            a, b = noun_phrase(doc, noun)
            names = _name_tokens(doc, a, b, noun)
            entity = self._full_name(_span_text(doc, names), start) if names else doc.text[tokens[a].start:tokens[b].end]
        elif tokens[head].upos == "PRON" or word in _PRONOUNS:
            if word not in ("i", "me", "we", "us", "you", "it", "who", "which", "that"):
                gender = "m" if word in _MALE else "f" if word in _FEMALE else None
                entity = self._antecedent(start, plural=word in _PLURAL_PRONOUNS, gender=gender)
                if entity and gender:
                    self.gender.setdefault(entity, gender)
        else:
            names = _name_tokens(doc, first, last, head)
            if names:
                entity = self._full_name(_span_text(doc, names), start)
            elif tokens[first].text.lower() == "the" and last - first <= 2 \
                    and tokens[head].lemma.lower() in _titles():  # "the senator", not "the university"
                entity = self._antecedent(start, plural=plural, gender=None)
        if entity:
            self.speakers.append((start, entity, plural))
        return Speaker(start, end, text, entity=entity)

    def _antecedent(self, before: int, plural: bool, gender: Optional[str]) -> Optional[str]:
        """The nearest compatible speaker or person named before ``before``.

        Earlier speakers count as nearer than they are (a pronoun subject usually
        continues whoever was speaking), and a known gender must agree.
        """
        best: Optional[Tuple[float, str]] = None
        for start, entity, is_plural in reversed(self.speakers):  # speakers come in text order
            if start >= before:
                continue
            if best is not None and (before - start) / 2 >= best[0]:
                break
            if is_plural == plural and self._agrees(entity, gender):
                best = ((before - start) / 2, entity)
        if not plural:  # the nearest person named before, looking back from ``before``
            for n in range(bisect.bisect_left(self._starts, before) - 1, -1, -1):
                start, name, kind = self._mentions[n]
                if best is not None and before - start >= best[0]:
                    break
                full = self._full_name(name, start)
                if kind in ("PERSON", "") and self._agrees(full, gender):
                    best = (float(before - start), full)
                    break
        return best[1] if best else None

    def _agrees(self, entity: str, gender: Optional[str]) -> bool:
        known = self.gender.get(entity)
        return gender is None or known is None or known == gender
