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
from typing import Container, Dict, List, Optional, Sequence, Tuple

from quoteattr.characters import Characters, NameMention, honorifics
from quoteattr.model import Speaker
from quoteattr.parsed import Document, Token

__all__ = ["noun_phrase", "Names", "Resolver"]

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
    last = _past_hyphen(doc, head, first, last)
    opened = sum((t.text == "(") - (t.text == ")") for t in tokens[first:last + 1])
    if opened > 0 and last + 1 < len(tokens) and tokens[last + 1].text == ")":
        last += 1  # "Senator Ines Okoro (R-Del.)" keeps its closing parenthesis
    return first, last


def _glued(tokens: List[Token], k: int) -> bool:
    """Token ``k`` is a hyphen written inside a word ("co-author", "ex-wife")."""
    return 0 < k < len(tokens) - 1 and tokens[k].text in ("-", "\u2010", "\u2011") \
        and tokens[k - 1].end == tokens[k].start and tokens[k].end == tokens[k + 1].start


def _past_hyphen(doc: Document, head: int, first: int, last: int) -> int:
    """The phrase's last token once a hyphenated word cut at its hyphen is made whole.

    A tokenizer that splits "co-author" may leave "co" as the head of the speaker, so
    that "said study co-author Jane Roe" gives "study co": the phrase takes in the rest
    of the word and, when the word premodifies a name, the name ("Jane Roe").
    """
    tokens = doc.tokens
    while _glued(tokens, last + 1):
        last += 2
    if last - head < 2 or not _glued(tokens, last - 1) or tokens[head].upos == "PROPN":
        return last
    sent = tokens[head].sent
    while last + 1 < len(tokens) and tokens[last + 1].upos == "PROPN" and tokens[last + 1].sent == sent:
        last += 1
    return last


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
    if tokens[head].upos != "PROPN" and tokens[last].upos == "PROPN" and _glued(tokens, head + 1):
        a = last  # "study co-author Jane Roe" with "co" as the head: the name ends the phrase
        while a - 1 > head and tokens[a - 1].upos == "PROPN":
            a -= 1
        return _after_titles(tokens[a:last + 1])
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
_SPEAKER_WEIGHT = 0.5  # a speaker counts as twice as near as a name merely mentioned
_KNOWN_WEIGHT = 0.6  # a person known to be of the pronoun's gender, nearer than one unknown
_OBJECT_WEIGHT = 2.0  # a name that is no subject counts as twice as far (subjects stay in focus)
_LOOK_BACK = 60  # speakers and name mentions looked at for one pronoun
_ROLE_REACH = 3000  # characters: how far back "Tom Vance, the former coach" serves "the coach"


@functools.lru_cache(maxsize=1)
def _person_nouns() -> frozenset:
    path = os.path.join(os.path.dirname(__file__), "data", "person_nouns.txt")
    with open(path, encoding="utf-8") as handle:
        return frozenset(w.lower() for line in handle if not line.startswith("#") for w in line.split())


def is_person_noun(lemma: str) -> bool:
    """A noun that names a person: a role ("the keeper", "the clergyman", "the nurse"),
    a title, or a word for a man or a woman."""
    return lemma in _person_nouns() or lemma in _titles() or lemma.endswith(("man", "woman")) \
        and lemma not in ("human", "german", "ottoman")


def _noun_gender(lemma: str) -> Optional[str]:
    """"spokeswoman" -> "f", "the queen" -> "f", "the coach" -> None."""
    if lemma.endswith("woman"):
        return "f"
    if lemma.endswith("man") and lemma not in ("human", "german", "ottoman"):
        return "m"
    return honorifics().get(lemma)


class Names:
    """What a document says about names, built once per document: every proper-name
    mention, the characters they make (:class:`~quoteattr.characters.Characters`),
    their genders as far as titles and given names tell, and the roles said of named
    people ("Tom Vance, the former coach"). Read-only: a :class:`Resolver` walking the
    document keeps what it learns on its own."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.subject: List[bool] = []  # per name mention: is it a subject?
        self.first_token: List[int] = []  # per name mention: its first token
        self.mentions = self._collect_mentions()
        self.starts = [m[0] for m in self.mentions]
        self.characters = Characters(self.mentions)
        self._char_of = {c.name: n for n, c in enumerate(self.characters.chars)}
        self.gender: Dict[str, str] = {}  # entity -> "m" / "f"
        for c in self.characters.chars:
            if c.gender:
                self.gender.setdefault(c.name, c.gender)
        self.role_of = self._roles()

    def _collect_mentions(self) -> List[NameMention]:
        """Proper-name runs in the whole document: (start offset, text, title, kind).

        ``kind`` is PERSON or ORG from the parse's entity tags; without tags, a name
        that is the subject of a verb is taken as a possible person (""). A run must
        start with a capital letter ("the sabre cut" tagged as a name is none).
        """
        out: List[NameMention] = []
        tokens = self.doc.tokens
        titles = _titles()
        end = 0  # one past the last run read: a run's later words start none of their own
        for i in [i for i, t in enumerate(tokens) if t.upos == "PROPN"]:
            t = tokens[i]
            if i < end or t.text.strip(".").lower() in titles or t.text in ("Said", "Says"):
                continue  # ("Said Comey, ..." starts with a verb the tagger took for a name)
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].upos == "PROPN" and tokens[j + 1].sent == t.sent:
                j += 1
            end = j + 1
            run = _after_titles(tokens[i:j + 1])
            kinds = {x.ner for x in run} - {"O"}
            subject = any(_is_subject(tokens, x) for x in run)
            if "PERSON" in kinds:
                kind = "PERSON"
            elif kinds:
                kind = "ORG"
            else:
                kind = "" if subject else "ORG"
            if run and run[0].text[:1].isupper():
                k = run[0].i - 1  # the word before the name: "Mrs." in "Mrs. Bennet"
                title = tokens[k].text if k >= 0 and tokens[k].text.strip(".").lower() in honorifics() else ""
                out.append((run[0].start, _span_text(self.doc, run), title, kind))
                self.subject.append(subject)
                self.first_token.append(run[0].i)
        return out

    def _roles(self) -> Dict[str, List[Tuple[int, str]]]:
        """Role nouns said of a named person -> [(offset, entity)], in text order: "Tom
        Vance, the former coach", "former coach Tom Vance", "Vance, who is a coach"."""
        tokens = self.doc.tokens
        out: Dict[str, List[Tuple[int, str]]] = {}
        titles = _titles()
        for t in tokens:
            if t.rel not in ("appos", "compound", "cop") or t.head < 0:
                continue  # (most words: nothing below is said of them)
            h = tokens[t.head]
            if t.rel in ("appos", "compound") and h.upos == "PROPN" and (
                    t.upos == "NOUN" or t.upos == "PROPN" and t.rel == "compound" and t.lemma.lower() in titles):
                role, name = t, h  # "Tom Vance, the former coach"; "Former President Bill Clinton"
            elif t.rel == "appos" and t.upos == "PROPN" and h.upos == "NOUN":
                role, name = h, t  # "the coach, Tom Vance"
            elif t.rel == "cop" and h.upos == "NOUN":
                subj = [tokens[c] for c in h.children if tokens[c].rel == "nsubj" and tokens[c].upos == "PROPN"]
                if not subj:
                    continue
                role, name = h, subj[0]  # "Vance is a coach"
            else:
                continue
            entity = self._name_entity(name.i)
            if entity and self.is_person(entity):
                out.setdefault(role.lemma.lower(), []).append((role.start, entity))
        for found in out.values():
            found.sort()
        return out

    def _name_entity(self, head: int) -> Optional[str]:
        """The entity of the name headed by token ``head`` (None when no name)."""
        a, b = noun_phrase(self.doc, head)
        names = _name_tokens(self.doc, a, b, head)
        return self.entity(names) if names else None

    def entity(self, names: List[Token]) -> str:
        """The character a run of name tokens refers to, by its display name."""
        text = _span_text(self.doc, names)
        cid = self.characters.at.get(names[0].start)
        if cid is None or self.characters.text_at[names[0].start] != text:
            # the parse's name ("International Atomic Energy Agency") is not the run of
            # names met there ("International" alone): the name as a whole, if known
            cid = self.characters.lookup(text) if len(names) > 1 or cid is None else cid
        return self.characters.name(cid) if cid is not None else text

    def is_person(self, entity: str) -> bool:
        cid = self._char_of.get(entity)
        return cid is None or self.characters.chars[cid].person


class Resolver:
    """Resolves speaker mentions to entities, walking the document in text order.

    It remembers the speakers resolved so far and what it has learned of their
    gender (from titles such as "Mrs." and from pronouns already resolved to them).
    """

    def __init__(self, doc: Document, quoted: Sequence[bool] = (), names: Optional[Names] = None) -> None:
        """``quoted[i]`` is true for a token inside a quotation: a name said in a quote
        ("Hullo, Snake!") is known as a character but is no antecedent of a pronoun.
        ``names`` is the document's :class:`Names`, when it was built already."""
        self.doc = doc
        self.names = names if names is not None else Names(doc)
        self.characters = self.names.characters
        self.speakers: List[Tuple[int, str, bool]] = []  # (char offset, entity, is_plural)
        self.gender: Dict[str, str] = dict(self.names.gender)  # entity -> "m" / "f", as learned so far
        self._inside = [i < len(quoted) and bool(quoted[i]) for i in self.names.first_token]

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
            entity = self.names.entity(names) if names else doc.text[tokens[a].start:tokens[b].end]
        elif tokens[head].upos == "PRON" or word in _PRONOUNS:
            if word not in ("i", "me", "we", "us", "you", "it", "who", "which", "that"):
                gender = "m" if word in _MALE else "f" if word in _FEMALE else None
                entity = self._antecedent(start, plural=word in _PLURAL_PRONOUNS, gender=gender)
                if entity and gender:
                    self.gender.setdefault(entity, gender)
        else:
            names = _name_tokens(doc, first, last, head)
            if names:
                entity = self.names.entity(names)
            elif self._description(first, last, head):  # "the former coach", not "the university"
                lemma = tokens[head].lemma.lower()
                entity = (None if plural else self._role_referent(lemma, start)) \
                    or self._antecedent(start, plural=plural, gender=_noun_gender(lemma))
        if entity:
            self.speakers.append((start, entity, plural))
        return Speaker(start, end, text, entity=entity)

    def _description(self, first: int, last: int, head: int) -> bool:
        """A short definite description of a person: "the senator", "the former coach"."""
        tokens = self.doc.tokens
        lemma = tokens[head].lemma.lower()
        return tokens[first].text.lower() == "the" and last - first <= 3 and tokens[head].upos in ("NOUN", "PROPN") \
            and (lemma in _titles() or lemma in _person_nouns() or lemma in self.names.role_of)

    def _role_referent(self, lemma: str, before: int) -> Optional[str]:
        """The person last said to be a ``lemma`` before ``before`` ("Tom Vance, the
        former coach" for "the coach"), when that was said not too long before."""
        found = None
        for start, entity in self.names.role_of.get(lemma, ()):
            if start >= before:
                break
            found = (start, entity)
        return found[1] if found and before - found[0] <= _ROLE_REACH else None

    def _antecedent(self, before: int, plural: bool, gender: Optional[str]) -> Optional[str]:
        """The nearest compatible speaker or person named before ``before``.

        Earlier speakers count as nearer than they are (a pronoun subject usually
        continues whoever was speaking), a person whose gender is known to agree nearer
        still than one of unknown gender, and a known gender must agree. Only the last
        few speakers and name mentions are looked at, so a long novel stays linear.
        """
        best: Optional[Tuple[float, str]] = None
        for start, entity, is_plural in self.speakers[-1:-_LOOK_BACK - 1:-1]:  # newest first
            if start >= before:
                continue
            if best is not None and (before - start) * _SPEAKER_WEIGHT * _KNOWN_WEIGHT >= best[0]:
                break
            if is_plural == plural and self._agrees(entity, gender):
                score = (before - start) * _SPEAKER_WEIGHT * self._weight(entity, gender)
                if best is None or score < best[0]:
                    best = (score, entity)
        if not plural:  # the nearest person named before, looking back from ``before``
            top = bisect.bisect_left(self.names.starts, before) - 1
            for n in range(top, max(-1, top - _LOOK_BACK), -1):
                start = self.names.mentions[n][0]
                if best is not None and (before - start) * _KNOWN_WEIGHT >= best[0]:
                    break
                char = self.characters.chars[self.characters.at[start]]
                if char.person and not self._inside[n] and self._agrees(char.name, gender):
                    score = (before - start) * self._weight(char.name, gender) * (1.0 if self.names.subject[n] else _OBJECT_WEIGHT)
                    if best is None or score < best[0]:
                        best = (score, char.name)
        return best[1] if best else None

    def _weight(self, entity: str, gender: Optional[str]) -> float:
        """Distance factor: a gender known to agree with the pronoun brings a candidate nearer."""
        return _KNOWN_WEIGHT if gender is not None and self.gender.get(entity) == gender else 1.0

    def _agrees(self, entity: str, gender: Optional[str]) -> bool:
        known = self.gender.get(entity)
        return gender is None or known is None or known == gender
