"""Attribution: link each quotation to its cue and speaker on a parsed document.

Quotations in marks come from :func:`quoteattr.marks.find_quotes`; the parse tells who
said them. Sieves run from the most to the least precise and each quote keeps the first
frame found, recording the sieve's name in ``Quote.rule``:

``syntax``     a reporting verb outside the quote governs it, or hangs inside it
               as ``"...," he said, "..."``
``pattern``    the words next to the marks: ``"...," NP said`` / ``said NP`` / ``NP said: "..."``
``neighbour``  a quote filling its sentence takes ``NP said:`` before it or ``NP added.`` after
``paragraph``  a quote with no frame continues the quote before it (same paragraph, or
               the paragraphs of one multi-paragraph quote)

Reported speech without marks is found from reporting verbs with a clausal complement
(``indirect``) and from ``according to NP`` (``according-to``).
"""

from __future__ import annotations

import bisect
import itertools
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import attrs

from quoteattr.lexicon import Lexicon, LexiconLike, Verb, as_lexicon
from quoteattr.marks import find_quotes, paragraph_starts
from quoteattr.model import Cue, Quote, QuoteKind, Quotes, QuoteSpan
from quoteattr.parsed import Document, from_stanza_document, read_conllu
from quoteattr.speakers import Resolver, noun_phrase

__all__ = ["attribute", "from_conllu", "from_stanza", "CONFIDENCE"]

#: How far each sieve is trusted: its attribution precision (right quote, right speaker)
#: on the PolNeAR training split, rounded (``python benchmarks/polnear.py --split train``
#: prints it per rule).
CONFIDENCE = {
    "neighbour": 0.99,
    "paragraph": 0.91,
    "syntax": 0.9,
    "according-to": 0.89,
    "pattern": 0.77,
    "indirect": 0.72,
    "none": 0.0,
}

_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM"}
_NP_WORDS = _NOMINAL | {"DET", "ADJ", "PUNCT", "CCONJ", "ADP", "PART"}
_DASHES = {"—", "–", "―", "-", "--"}
_SPEECH_VERB_RELS = {"parataxis", "ccomp", "advcl", "dep", "conj", "acl", "root", "xcomp", "list"}
_RAISING = {"xcomp", "advcl", "conj", "ccomp"}
_WEAK_CLASSES = {"cognition", "evidence"}
_NONFINITE = {"VBG", "VB", "VBN"}
_FUNCTION_POS = {"PUNCT", "ADP", "SCONJ", "CCONJ", "PART", "DET", "AUX"}
_FUNCTION_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "&"}


@attrs.define
class _Unit:
    """One paragraph piece of a quotation in marks, with the tokens inside it."""

    span: QuoteSpan
    start: int
    end: int
    tokens: List[int]
    paragraph: int
    frame: Optional["_Frame"] = None
    kind: QuoteKind = QuoteKind.DIRECT


class _OtherQuotes:
    """The tokens inside quotations other than quotation ``own``, and the cue's tokens
    (a ``Container``): a speaker phrase takes in neither."""

    def __init__(self, unit_of: List[int], own: int, cue: Sequence[int] = ()) -> None:
        self.unit_of, self.own, self.cue = unit_of, own, set(cue)

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and (self.unit_of[i] >= 0 and self.unit_of[i] != self.own or i in self.cue)


@attrs.define
class _Frame:
    cue: Optional[Tuple[int, int]]  # first and last token of the cue
    speaker: Optional[int]  # head token of the speaker phrase
    rule: str
    complement: Optional[int] = None  # the cue's dependent that holds a mixed quote


def from_conllu(source: Union[str, "os.PathLike[str]"], text: Optional[str] = None, *,
                lexicon: LexiconLike = None) -> List[Quote]:
    """Quotes from a CoNLL-U parse (a path or its text) of ``text``.

    Token offsets come from MISC ``start_char``/``end_char``; with ``text=None`` the
    text is rebuilt from the parse and the offsets index that rebuilt text.

    >>> quotes = from_conllu("article.conllu", text=open("article.txt").read())  # doctest: +SKIP
    """
    return attribute(read_conllu(source, text), lexicon=lexicon)


def from_stanza(doc: Any, text: Optional[str] = None, *, lexicon: LexiconLike = None) -> List[Quote]:
    """Quotes from a parsed ``stanza.Document`` (tokenize, pos, lemma, depparse)."""
    return attribute(from_stanza_document(doc, text), lexicon=lexicon)


def attribute(doc: Document, *, lexicon: LexiconLike = None) -> List[Quote]:
    """All quotes of a parsed document, direct, mixed and indirect, sorted by start."""
    return _Attribution(doc, as_lexicon(lexicon)).run()


class _Attribution:
    """The state of one attribution run; :meth:`run` does the work."""

    def __init__(self, doc: Document, lexicon: Lexicon) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.lexicon = lexicon
        self.starts = [t.start for t in doc.tokens]
        self.par_starts = paragraph_starts(doc.text)
        self.unit_of: List[int] = [-1] * len(doc.tokens)  # which unit holds each token
        self.units: List[_Unit] = []
        self.unit_ends: List[int] = []  # last token of each unit
        self.unit_char_ends: List[int] = []  # end offset of each unit

    # ------------------------------------------------------------------ helpers

    def paragraph(self, offset: int) -> int:
        return bisect.bisect_right(self.par_starts, offset) - 1

    def token_range(self, start: int, end: int) -> List[int]:
        """Tokens overlapping ``start..end``: a tokenizer may glue a quotation mark to a
        word (``"We``), and that word still belongs to the quote."""
        lo = max(0, bisect.bisect_left(self.starts, start) - 1)
        out = []
        for i in range(lo, len(self.tokens)):
            t = self.tokens[i]
            if t.start >= end:
                break
            if t.end > start and t.start < end:
                out.append(i)
        return out

    def is_cue(self, i: int, clause_ok: bool = True) -> bool:
        """Is token ``i`` a reporting verb? ``clause_ok`` says a clause complement is present."""
        verb = self.verb(i)
        return verb is not None and (clause_ok or not verb.needs_clause)

    def cue_span(self, i: int) -> Tuple[int, int]:
        """The verb plus a particle right after it ("point out")."""
        last = i
        for k in self.tokens[i].children:
            if self.tokens[k].deprel == "compound:prt" and k == last + 1:
                last = k
        return i, last

    def subject(self, v: int, depth: int = 0) -> Optional[int]:
        """The head token of whoever performs verb ``v``, following raising and passives.

        Subjects inside quotation marks never count: in ``"Nobody," he said`` the
        parser may make "Nobody" the subject of "said".
        """
        tokens = self.tokens
        if self.mistagged_present(v):  # 'as the website notes:' has its subject right before it
            return self.adjacent_noun(v)
        kids = [k for k in self.doc.children(v) if self.outside(k.i)]
        subjects = [k for k in kids if k.rel == "nsubj" and k.deprel not in ("nsubj:pass", "nsubjpass")]
        # the subject nearest the verb, before it when there is one: in "Sunday on Fox News,
        # Rep. Issa said" the parser may make "Sunday" a subject too
        if depth == 0:
            subjects.sort(key=lambda k: (k.i > v, k.upos not in _NOMINAL, abs(k.i - v)))
        if subjects and subjects[0].i > v and self.follows_quote(v):
            subjects = []  # '"...," said Jane Doe, before the event': the words next to the verb
        for k in subjects[:1]:
            if k.text.lower() in ("that", "which") and depth < 3:
                publisher = self.publisher(v, depth)
                if publisher is not None:
                    return publisher
            return k.i
        reporter = self.participle_reporter(v) if depth == 0 else None
        if reporter is not None:
            return self.subject(reporter, depth + 1)
        for k in kids:  # parsers label a subject they cannot place "dep"
            if k.rel == "dep" and k.i < v and k.upos in ("PROPN", "NOUN", "PRON"):
                return k.i
        passive = [k for k in kids if k.deprel in ("nsubj:pass", "nsubjpass") and k.text.lower() != "it"]
        if passive and tokens[v].lemma in ("quote", "cite"):
            return passive[0].i  # "X was quoted (by the paper) as saying": X speaks
        for k in kids:
            if k.deprel in ("obl:agent", "obl", "nmod:agent") and any(
                    c.deprel == "case" and c.text.lower() == "by" for c in self.doc.children(k.i)):
                return k.i
        if any(k.deprel in ("nsubj:pass", "nsubjpass") for k in kids):
            # "a lawsuit was filed, alleging ...": the lawsuit alleges.
            # "It was reported that ...": nobody is named.
            return passive[0].i if passive and depth else None
        # '"...," said Jane Doe': the parser may take the speaker for an object
        if self.follows_quote(v):
            for k in kids:
                if k.rel in ("obj", "dep", "nmod", "obl", "nsubj") and k.i > v and k.upos in _NOMINAL:
                    return k.i
        head = tokens[v].head
        partner = self.goes_with(v) if depth == 0 else None
        if partner is not None:
            return self.subject(partner, depth + 1)
        if depth == 0 and tokens[v].xpos in ("VBD", "VBZ", "VBP"):
            before = self.adjacent_noun(v)
            if before is not None:  # '..., the 34-year-old mother of three replied, "..."'
                return before
        if depth < 3 and tokens[v].rel in _RAISING and head >= 0:
            if tokens[v].rel == "ccomp" and not self.is_cue(head):
                return None
            found = self.subject(head, depth + 1)
            if found is not None:
                return found
        if tokens[v].deprel == "acl" and tokens[v].xpos in ("VBD", "VBZ", "VBP") and 0 <= head < v:
            return head  # "Zero Hedge asked, ...": a finite verb misread as a modifier
        if tokens[v].deprel == "acl" and tokens[v].xpos == "VBG" and head == v - 1 and tokens[head].upos == "PROPN":
            return head  # "the ad shows Hillary Clinton asking ..."
        if tokens[v].deprel == "acl:relcl" and tokens[v].xpos in ("VBD", "VBZ") and head == v - 1 \
                and tokens[head].upos == "PROPN":
            return head  # "... — Bill Clinton criticized the act ...": no relative clause without a pronoun
        coordinated = tokens[v].rel == "conj" or any(tokens[k].text == "and" for k in range(max(0, v - 3), v))
        if depth == 0 and (tokens[v].xpos in _NONFINITE or tokens[v].upos == "NOUN" or coordinated):
            # '"...," he said, adding that ...'; "went on to state"; "She urges ... and says"
            found = self.earlier_subject(v)
            if found is not None:
                return found
        if depth == 0:
            return self.root_subject(v)
        return None

    def adjacent_noun(self, v: int) -> Optional[int]:
        """The head of the noun phrase ending right before finite verb ``v`` that the
        parse left without a subject."""
        tokens = self.tokens
        k = v - 1
        if k < 0 or tokens[k].sent != tokens[v].sent or not self.outside(k) or tokens[k].upos not in _NOMINAL:
            return None
        while tokens[k].rel in ("nmod", "compound", "flat", "nummod", "amod") and v - 8 < tokens[k].head < v:
            k = tokens[k].head
        return k

    def root_subject(self, v: int) -> Optional[int]:
        """The root of a sentence the parser could not build round a verb ("Roy Cooper
        (D), ..., called Friday for ..., saying ..." with "Cooper" as its root), when it
        is a name or a noun before ``v``."""
        tokens = self.tokens
        a, b = self.doc.sentences[tokens[v].sent]
        if v == a and tokens[v].text.islower() and tokens[v].sent > 0:
            # "House Speaker Paul D. Ryan (R-Wis.)" | "said ...": a sentence cut after an abbreviation
            a, b = self.doc.sentences[tokens[v].sent - 1]
            if any(tokens[k].upos == "VERB" for k in range(a, b)):
                return None
            open_parens, names = 0, []
            for k in range(a, b):  # the last name, outside parentheses
                open_parens += (tokens[k].text == "(") - (tokens[k].text == ")")
                if open_parens == 0 and tokens[k].upos == "PROPN" and self.outside(k):
                    names.append(k)
            return names[-1] if names else None
        root = next((k for k in range(a, b) if tokens[k].head < 0), None)
        if root is not None and root < v and tokens[root].upos in ("PROPN", "NOUN") and self.outside(root):
            return root
        return None

    def follows_quote(self, v: int) -> bool:
        """Does verb ``v`` come right after a quotation ('"...," said')?"""
        last = bisect.bisect_right(self.unit_char_ends, self.tokens[v].start) - 1  # the quote before v
        return last >= 0 and self.doc.text[self.unit_char_ends[last]:self.tokens[v].start].strip(" ,—–-") == ""

    def publisher(self, v: int, depth: int) -> Optional[int]:
        """'Trump released a video that said, "..."': whoever puts out the thing that
        says the words speaks through it."""
        tokens = self.tokens
        thing = tokens[v].head
        if tokens[v].deprel != "acl:relcl" or thing < 0 or tokens[thing].rel != "obj" or tokens[thing].head < 0:
            return None
        return self.subject(tokens[thing].head, depth + 1)

    def participle_reporter(self, v: int) -> Optional[int]:
        """The reporter a participle after a comma (", saying ...") belongs to, if any."""
        tokens = self.tokens
        if tokens[v].xpos == "VBG" and v > 0 and tokens[v - 1].text == ",":
            return self.reporter_above(v)
        return None

    def reporter_above(self, v: int) -> Optional[int]:
        """The reporting verb whose reported clause holds participle ``v``: in "Byrne
        wrote the agents knew ..., saying ..." the parse hangs "saying" on "knew",
        but the one saying is the one who wrote."""
        tokens = self.tokens
        j, through_clause = v, False
        for _ in range(5):
            if tokens[j].rel == "ccomp":
                through_clause = True
            j = tokens[j].head
            if j < 0 or not self.outside(j):
                return None
            if through_clause and self.is_cue(j):
                return j
        return None

    def earlier_subject(self, v: int) -> Optional[int]:
        """The subject of the nearest verb before ``v`` in its sentence, outside quotes."""
        tokens = self.tokens
        first = self.doc.sentences[tokens[v].sent][0]
        for k in range(v - 1, max(first, v - 20) - 1, -1):
            if self.outside(k) and tokens[k].upos == "VERB":
                subj = self.subject(k, depth=1)  # its own subject, however labelled
                if subj is not None:
                    return subj
        return None

    # ------------------------------------------------------------------ units

    def build_units(self) -> None:
        for span in find_quotes(self.doc.text):
            if span.depth:
                continue
            pieces = span.paragraphs
            for k, (a, b) in enumerate(pieces):
                cs = span.content_start if k == 0 else a + 1
                ce = span.content_end if k == len(pieces) - 1 else b
                toks = [i for i in self.token_range(cs, ce) if self.unit_of[i] < 0]
                if not toks or (k == 0 and self.is_title(toks, a)):
                    continue
                unit = _Unit(span, a, b, toks, self.paragraph(a))
                for i in toks:
                    self.unit_of[i] = len(self.units)
                self.units.append(unit)
        self.unit_ends = [u.tokens[-1] for u in self.units]  # sorted, as the units are
        self.unit_char_ends = [u.end for u in self.units]

    def outside(self, i: int) -> bool:
        return self.unit_of[i] < 0

    # ------------------------------------------------------------------ sieves

    def sieve_syntax(self, u: int) -> Optional[_Frame]:
        unit = self.units[u]
        inside = set(unit.tokens)
        tokens = self.tokens
        best: Optional[Tuple[Tuple[int, bool, int], int, int]] = None  # (rank, cue, attach)
        for t in unit.tokens:  # a reporting verb above the quote (above its words rather than its commas)
            h = tokens[t].head
            found = self.climb(h) if h >= 0 and h not in inside else None
            if found is not None:
                rank = (found[0], tokens[t].upos == "PUNCT", self.gap(unit, found[1]))
                if best is None or rank < best[0]:
                    best = (rank, found[1], t)
        for s in {tokens[t].sent for t in unit.tokens}:  # '"...," he said, "..."'
            a, b = self.doc.sentences[s]
            for k in range(a, b):
                if self.outside(k) and tokens[k].head in inside and self.is_cue(k) \
                        and tokens[k].rel in _SPEECH_VERB_RELS \
                        and (tokens[k].rel != "conj" or self.doc.children(k, "nsubj")):  # not '"..." and promised'
                    rank = (0, False, self.gap(unit, k))
                    if best is None or rank < best[0]:
                        best = (rank, k, tokens[k].head)
        if best is None:
            return None
        cue = best[1]
        comp = self.complement(cue, best[2])
        if comp is not None and self.is_adjunct(comp) and not self.is_speech(unit):
            # 'she said she would speak "directly to white people"': a fragment that only
            # modifies a verb of speaking is part of what a verb higher up reports
            higher = self.climb(tokens[cue].head) if tokens[cue].head >= 0 else None
            if higher is not None:
                cue = higher[1]
                comp = self.complement(cue, best[2])
        unit.kind = self.kind_of(unit, cue, comp)
        if self.is_quoted_as(cue):  # "was quoted (by the paper) as saying": "saying"
            saying = [k.i for k in self.doc.children(cue, "advcl", "xcomp") if self.is_cue(k.i)]
            cue = saying[0] if saying else cue
        return _Frame(self.cue_span(cue), self.subject(cue), "syntax",
                      comp if unit.kind is QuoteKind.MIXED else None)

    def is_quoted_as(self, cue: int) -> bool:
        return self.tokens[cue].lemma in ("quote", "cite")

    def is_adjunct(self, k: int) -> bool:
        """A modifier of its verb rather than a complement ("as ..." phrases excepted)."""
        t = self.tokens[k]
        return t.rel in ("obl", "advmod", "advcl", "nmod") and not any(
            c.text.lower() == "as" for c in self.doc.children(k, "case", "mark"))

    def climb(self, j: int) -> Optional[Tuple[int, int]]:
        """(steps, verb) for the nearest reporting verb at or above token ``j``.

        Verbs of thinking and showing ("believes", "shows") yield to a verb of speech
        higher up: in "X said that Y believes ..." the quote is X's.
        """
        tokens = self.tokens
        steps, weak = 0, None
        while j >= 0 and steps < 6 and self.outside(j):
            verb = self.verb(j)
            if verb is not None:
                if verb.cls not in _WEAK_CLASSES:
                    return steps, j
                if weak is None:
                    weak = (steps, j)
            aside = self.parenthetical(j)
            if aside is not None:
                return steps, aside
            j, steps = tokens[j].head, steps + 1
        return weak

    def parenthetical(self, j: int) -> Optional[int]:
        """A reporting verb set off by commas beside clause ``j``: "Since then, Mr. Obama
        said, a majority have come to believe ..." reports the whole sentence."""
        tokens = self.tokens
        for c in self.doc.children(j, "parataxis", "dep"):
            verb = self.verb(c.i)
            if verb is not None and verb.cls not in _WEAK_CLASSES and not verb.needs_clause and self.outside(c.i) \
                    and 0 < c.i < len(tokens) - 1 and tokens[c.i + 1].text == "," and tokens[c.i - 1].upos != "PUNCT":
                subj = next((k for k in self.doc.children(c.i, "nsubj") if k.i < c.i), None)
                if subj is not None and subj.i > 0 and tokens[subj.i - 1].text == ",":
                    return c.i
        return None

    def gap(self, unit: _Unit, k: int) -> int:
        """Characters between token ``k`` and the quote (0 inside it)."""
        t = self.tokens[k]
        return max(0, unit.start - t.end, t.start - unit.end)

    def sieve_transcript(self, u: int) -> Optional[_Frame]:
        """A transcript inside marks: ``"WALLACE: Why would he ...``."""
        tokens = self.tokens
        words = [t for t in self.units[u].tokens[:6] if tokens[t].upos != "PUNCT" or tokens[t].text == ":"]
        colon = next((n for n, t in enumerate(words) if tokens[t].text == ":"), None)
        if colon and colon <= 3 and all(tokens[t].text.isupper() and tokens[t].text.isalpha() for t in words[:colon]) \
                and colon + 1 < len(words):
            unit = self.units[u]
            unit.start = tokens[words[colon + 1]].start  # the words, without the speaker's label
            return _Frame((words[colon], words[colon]), words[colon - 1], "pattern")
        return None

    def quote_between(self, frame: _Frame, u: int) -> bool:
        """Does another quotation stand between the frame's cue and quotation ``u``?"""
        cue = frame.cue[0] if frame.cue else None
        if cue is None or cue > self.units[u].tokens[0]:
            return False
        return u > 0 and self.units[u - 1].tokens[0] > cue

    def sieve_split(self, u: int) -> Optional[_Frame]:
        """``"...," she said, "..."``: the second half shares the frame between the halves."""
        if u == 0:
            return None
        prev, unit = self.units[u - 1], self.units[u]
        frame = prev.frame
        if frame is None or frame.cue is None or prev.paragraph != unit.paragraph:
            return None
        cue = self.tokens[frame.cue[0]]
        gap = self.doc.text[prev.end:unit.start]
        speaker_between = frame.speaker is not None and prev.end <= self.tokens[frame.speaker].start < unit.start
        if prev.end <= cue.start < unit.start and speaker_between \
                and gap.rstrip().endswith(",") and not any(c in gap for c in ".!?;:") and len(gap) < 80:
            return attrs.evolve(frame, complement=None)
        return None

    def complement(self, cue: int, attach: int) -> Optional[int]:
        """The dependent of ``cue`` on the path up from ``attach``; ``None`` when the cue
        hangs inside the quote instead (``"...," he said, "..."``)."""
        tokens = self.tokens
        k = attach
        for _ in range(len(tokens)):
            if k < 0 or k == cue:
                return None
            if tokens[k].head == cue:
                return k
            k = tokens[k].head
        return None

    def kind_of(self, unit: _Unit, cue: int, top: Optional[int]) -> QuoteKind:
        """Direct when the quote is a clause filling the cue's complement, else mixed."""
        tokens = self.tokens
        if len({tokens[t].sent for t in unit.tokens}) > 1:
            return QuoteKind.DIRECT
        if top is not None:
            comp = [k for k in self.doc.subtree(top) if tokens[k].upos != "PUNCT"]
        else:  # the cue hangs inside the quote: the complement is the quote's own clause
            cue_tree = set(self.doc.subtree(cue))
            root = tokens[cue].head
            comp = [k for k in self.doc.subtree(root) if k not in cue_tree and tokens[k].upos != "PUNCT"]
        # words of the complement left outside the marks make the quote a fragment
        # of reported speech; a complementiser ("said that") does not count
        outside = [k for k in comp if self.outside(k) and tokens[k].upos not in _FUNCTION_POS
                   and self.verb(k) is None]  # "said that", "quoted as saying" add no words
        clause = any(tokens[k].upos in ("VERB", "AUX") for k in unit.tokens)
        if comp and len(outside) <= len(comp) * 0.1 and (clause or not outside and self.opens_sentence(unit)):
            return QuoteKind.DIRECT  # a clause, or a bare utterance ('"Okay," she said')
        return QuoteKind.MIXED

    def opens_sentence(self, unit: _Unit) -> bool:
        """Does the quotation stand first in its sentence ('"Okay," Reyes said.')?"""
        first = self.doc.sentences[self.tokens[unit.tokens[0]].sent][0]
        return all(not self.outside(k) or self.tokens[k].upos == "PUNCT" for k in range(first, unit.tokens[0]))

    def sieve_pattern(self, u: int) -> Optional[_Frame]:
        return self.after_quote(self.units[u]) or self.before_quote(self.units[u])

    def after_quote(self, unit: _Unit) -> Optional[_Frame]:
        """``"...," NP said`` · ``"...," said NP`` · ``"...," NP, a title, barked`` · ``"...," according to NP``."""
        tokens = self.tokens
        j = bisect.bisect_left(self.starts, unit.end)
        dash = j if j < len(tokens) and tokens[j].text in _DASHES else None
        if dash is None and j and tokens[j - 1].end > unit.end and tokens[j - 1].text[-1:] in _DASHES:
            dash = j - 1  # a tokenizer glued the dash to the closing mark ("”―")
        while j < len(tokens) and (tokens[j].text in _DASHES or tokens[j].text == ","):
            j += 1
        if j >= len(tokens) or not self.outside(j):
            return None
        if self.paragraph(tokens[j].start) != unit.paragraph:
            # '"..."' then a paragraph of its own: '- Bernie Sanders.'
            nxt = unit.paragraph + 1
            if dash is None or nxt >= len(self.par_starts) or self.paragraph(tokens[j].start) != nxt \
                    or self.doc.text[unit.end:tokens[dash].start].strip() or tokens[j].upos != "PROPN":
                return None
        if dash is not None and tokens[j].upos == "PROPN":  # a byline: "..." ― Jane Doe
            k = j
            while k + 1 < len(tokens) and tokens[k + 1].upos == "PROPN" and self.outside(k + 1):
                k += 1
            return _Frame((dash, dash), self.np_head(j, k, list(range(j, k + 1))), "pattern")
        if self.is_according(j):
            return self.according_frame(j)
        # Only a quote that ends like an utterance ('"...,"', '"...?"', '"..." —') or a
        # sentence ('"...."') is framed by the words after it; a quoted phrase in the
        # middle of a sentence ('the "Fight for $15" movement plans') is not.
        content = self.doc.text[unit.span.content_start:unit.end].rstrip(" ”’\"'»›")
        uttered = content.endswith((",", "?", "!", "—", "–")) or self.doc.text[unit.end:tokens[j].start].strip() != ""
        ended = content.endswith((".", "!", "?"))
        if not (uttered or ended):
            return None
        if self.is_cue(j, clause_ok=False):  # '"...," said NP'
            if not uttered:
                return None  # '"...." Speaking at a rally, ...' starts a new sentence
            k = j + 1
            while k < len(tokens) and tokens[k].upos in _NP_WORDS and tokens[k].text not in ",.;:" \
                    and self.outside(k) and k - j <= 6:
                k += 1
            heads = [x for x in range(j + 1, k) if self.is_name_like(x)]
            return _Frame(self.cue_span(j), self.np_head(j + 1, k - 1, heads), "pattern") if heads else None
        # '"...," NP said' and '"...," NP, a title, barked': the first verb after a subject
        # that starts right after the marks, in the lexicon or not when the quote is uttered
        for k in range(j, min(j + 14, len(tokens))):
            if not self.outside(k) or tokens[k].sent != tokens[j].sent or tokens[k].text in (".", "?", "!", ";"):
                break
            if tokens[k].upos not in ("VERB", "AUX") or tokens[k].rel == "aux":
                continue
            if not uttered and self.doc.children(k, "ccomp", "obj"):
                break  # a new sentence after '."' that reports something else
            subj = self.subject(k)
            if subj is not None and j <= subj < k and \
                    (self.is_cue(k, clause_ok=False) or uttered and self.is_speech(unit)):
                return _Frame(self.cue_span(k), subj, "pattern")
            break
        k = j  # the parse may be wrong: a few noun-phrase words, then a reporting verb
        while k < len(tokens) and k - j <= 7 and self.outside(k) and (tokens[k].upos in _NP_WORDS or self.premodifier(k)) \
                and tokens[k].sent == tokens[j].sent and not self.is_cue(k, clause_ok=False):
            k += 1
        if k < len(tokens) and k > j and self.outside(k) and self.is_cue(k, clause_ok=False) \
                and (uttered or not self.doc.children(k, "ccomp", "obj")):
            heads = [x for x in range(j, k) if self.is_name_like(x)]
            if heads:
                return _Frame(self.cue_span(k), self.np_head(j, k - 1, heads), "pattern")
        return None

    def before_quote(self, unit: _Unit) -> Optional[_Frame]:
        """``NP said: "..."`` · ``NP told reporters, "..."`` · ``NP leaned in and boomed: "..."`` · ``NP: "..."``."""
        tokens = self.tokens
        i = bisect.bisect_left(self.starts, unit.start) - 1
        if i < 0 or tokens[i].text not in (":", ",", "--", "—") or not self.outside(i):
            return None
        colon = tokens[i].text != ","  # a colon or a dash lets any verb introduce the words
        if self.paragraph(tokens[i].start) != unit.paragraph and tokens[i].text != ":":
            return None
        lo = self.doc.sentences[tokens[i].sent][0]
        verbs = []
        for k in range(i - 1, max(i - 12, lo - 1), -1):
            if not self.outside(k) or tokens[k].text in _DASHES and colon:
                break  # "HEADLINE RISES - Jane Doe: ...": the headline's verb is not the cue
            if self.is_according(k):  # 'According to NP, "..."'
                return self.according_frame(k)
            if self.is_cue(k, clause_ok=False):
                subj = self.subject(k)
                if subj is None and k > 0 and tokens[k - 1].upos in _NOMINAL:
                    subj = k - 1
                return _Frame(self.cue_span(k), subj, "pattern")
            if k == lo and tokens[k].text in ("Said", "Says") and k + 1 < i and self.is_name_like(k + 1):
                # 'Said Comey, "..."': the inverted verb is often tagged as a name
                names = [x for x in range(k + 1, i) if self.is_name_like(x)]
                return _Frame((k, k), self.np_head(k + 1, i - 1, names), "pattern")
            if tokens[k].upos == "VERB":
                verbs.append(k)
        if not colon:
            return None
        for k in verbs:  # a colon lets any verb introduce speech
            subj = self.subject(k)
            if subj is not None:
                return _Frame(self.cue_span(k), subj, "pattern")
        # a transcript: "Clinton: ..." with nothing but a name before the colon (or
        # between a dash and the colon: "HEADLINE - Jane Doe: ...")
        dashes = [k for k in range(lo, i) if tokens[k].text in _DASHES]
        lo = dashes[-1] + 1 if dashes else lo
        words = list(range(lo, i))
        if words and len(words) <= 8 and all(tokens[k].upos in _NP_WORDS and self.outside(k) for k in words) \
                and any(tokens[k].upos == "PROPN" for k in words):
            nominals = [k for k in words if tokens[k].upos in _NOMINAL]
            return _Frame((i, i), self.np_head(lo, i - 1, nominals), "pattern")
        return None

    def premodifier(self, k: int) -> bool:
        """A participle before a title or name ("retired Air Force general ...") that the
        tagger took for a verb."""
        tokens = self.tokens
        return tokens[k].xpos in ("VBN", "VBD", "VBG") and tokens[k].text.islower() and k + 1 < len(tokens) \
            and tokens[k + 1].upos in ("PROPN", "NOUN", "ADJ") and not self.is_cue(k, clause_ok=False)

    def is_name_like(self, k: int) -> bool:
        """A nominal, or a capitalised word the tagger took for an adjective ("said Devine")."""
        t = self.tokens[k]
        return t.upos in _NOMINAL or (t.upos == "ADJ" and t.text[:1].isupper())

    def np_head(self, first: int, last: int, nominals: Sequence[int]) -> int:
        """The token of ``first..last`` whose head lies outside the range, else the last noun."""
        for x in nominals:
            if not first <= self.tokens[x].head <= last:
                return x
        return nominals[-1]

    def fills_sentences(self, unit: _Unit) -> bool:
        sents = sorted({self.tokens[t].sent for t in unit.tokens})
        inside = set(unit.tokens)
        for s in (sents[0], sents[-1]):
            a, b = self.doc.sentences[s]
            for k in range(a, b):
                if k not in inside and self.tokens[k].upos != "PUNCT" and self.outside(k):
                    return False
        return True

    def sieve_sentence(self, u: int) -> Optional[_Frame]:
        """A quoted fragment the parse left unattached takes the reporting verb before it
        in its sentence when no other verb stands between them ("Putin called them two
        states that are "defensive in nature"" with the tree broken at a heading)."""
        unit = self.units[u]
        tokens = self.tokens
        if self.is_speech(unit) and self.opens_sentence(unit):
            return None
        first = self.doc.sentences[tokens[unit.tokens[0]].sent][0]
        for k in range(unit.tokens[0] - 1, first - 1, -1):
            if not self.outside(k):
                return None
            if self.is_cue(k):
                subj = self.subject(k)
                if subj is None:
                    return None
                clause = self.clause_after(k, unit)
                unit.kind = self.kind_of(unit, k, clause)
                return _Frame(self.cue_span(k), subj, "syntax", clause if unit.kind is QuoteKind.MIXED else None)
            if tokens[k].upos == "VERB" and tokens[k].xpos not in ("VBG", "VBN"):
                return None
        return None

    def clause_after(self, cue: int, unit: _Unit) -> Optional[int]:
        """The largest clause holding the quote that starts after ``cue``: in "went on to
        state that it is "deplorable"" the parse may hang "is" on "went", not on "state"."""
        tokens = self.tokens
        j, best = unit.tokens[0], None
        while j >= 0 and j > cue and self.outside(j) or j in unit.tokens:
            if min(self.doc.subtree(j)) > cue and self.is_clause(j):
                best = j
            j = tokens[j].head
        return best

    def sieve_neighbour(self, u: int) -> Optional[_Frame]:
        unit = self.units[u]
        if not self.fills_sentences(unit):
            return None
        tokens = self.tokens
        sents = sorted({tokens[t].sent for t in unit.tokens})
        before = sents[0] - 1
        if before >= 0:
            a, b = self.doc.sentences[before]
            if b > a and tokens[b - 1].text == ":" and self.paragraph(tokens[a].start) >= unit.paragraph - 1:
                for k in range(b - 2, a - 1, -1):
                    if self.outside(k) and self.is_cue(k, clause_ok=False):
                        return _Frame(self.cue_span(k), self.subject(k), "neighbour")
            # '..., Schiff said. "The other factor ..."': a sentence of the same paragraph
            # that ends on "NP said" goes on in the quote after it
            ends = [k for k in range(max(a, b - 5), b) if tokens[k].upos != "PUNCT"]
            if ends and self.paragraph(tokens[a].start) == unit.paragraph and self.outside(ends[-1]) \
                    and self.is_cue(ends[-1], clause_ok=False) and tokens[b - 1].text == ".":
                subj = self.subject(ends[-1])
                if subj is not None and subj in ends:
                    return _Frame(self.cue_span(ends[-1]), subj, "neighbour")
            # '... Sam Lau, a spokesman, said in a statement. "..."': the sentence's own
            # reporting verb, near its end, reports nothing else
            root = next((k for k in range(a, b) if tokens[k].head < 0), None)
            if root is not None and b - root <= 6 and tokens[b - 1].text == "." and self.outside(root) \
                    and self.paragraph(tokens[a].start) == unit.paragraph and self.is_cue(root, clause_ok=False) \
                    and not self.doc.children(root, "ccomp", "obj", "xcomp", "parataxis"):
                subj = self.subject(root)
                if subj is not None:
                    return _Frame(self.cue_span(root), subj, "neighbour")
        after = sents[-1] + 1
        if after < len(self.doc.sentences):
            a, b = self.doc.sentences[after]
            if b - a <= 8 and self.paragraph(tokens[a].start) == self.paragraph(tokens[unit.tokens[-1]].start):
                for k in range(a, b):
                    if self.outside(k) and self.is_cue(k, clause_ok=False):
                        subj = self.subject(k)
                        if subj is None:
                            nominals = [x for x in range(k + 1, b) if tokens[x].upos in _NOMINAL]
                            subj = nominals[0] if nominals else None
                        if subj is not None:
                            return _Frame(self.cue_span(k), subj, "neighbour")
        return None

    def continue_frames(self) -> None:
        """Give unframed units the frame of the quote they continue."""
        units = self.units
        # pieces of one multi-paragraph quote share a frame
        by_span: Dict[int, List[_Unit]] = {}
        for unit in units:
            by_span.setdefault(id(unit.span), []).append(unit)
        for group in by_span.values():
            framed = [x for x in group if x.frame and x.frame.rule != "paragraph"]
            if framed and len(group) > 1:
                for x in group:
                    if x.frame is None:
                        x.frame = attrs.evolve(framed[0].frame, rule="paragraph")
                        x.kind = QuoteKind.DIRECT
        for k, unit in enumerate(units):
            if unit.frame is not None:
                continue
            prev = units[k - 1] if k else None
            if unit.paragraph and self.starts_paragraph(unit) and self.is_speech(unit) and \
                    (prev is None or prev.paragraph < unit.paragraph - 1):
                unit.frame = self.reporter_before(unit)  # a quote paragraph after "X said that ..."
                continue
            if prev is None or prev.frame is None or prev.frame.speaker is None:
                continue
            same_par = prev.paragraph == unit.paragraph
            next_par = prev.paragraph == unit.paragraph - 1 and self.starts_paragraph(unit) and \
                self.ends_paragraph(prev)
            follows = same_par and prev.frame.cue is not None and \
                prev.end <= self.tokens[prev.frame.cue[0]].start < unit.start  # '"X," she said. "Y."'
            if (same_par or next_par) and (self.is_speech(unit) or follows):
                unit.frame = attrs.evolve(prev.frame, rule="paragraph")
                unit.kind = QuoteKind.DIRECT

    def reporter_before(self, unit: _Unit) -> Optional[_Frame]:
        """The reporting verb and speaker of the last sentence of the paragraph before."""
        tokens = self.tokens
        first = bisect.bisect_left(self.starts, self.par_starts[unit.paragraph]) - 1
        if first < 0 or self.paragraph(tokens[first].start) != unit.paragraph - 1:
            return None
        a, _ = self.doc.sentences[tokens[first].sent]
        for k in range(a, first + 1):
            if self.outside(k) and self.is_cue(k):
                subj = self.subject(k)
                if subj is not None:
                    return _Frame(self.cue_span(k), subj, "paragraph")
        return None

    def starts_paragraph(self, unit: _Unit) -> bool:
        return unit.start == self.par_starts[unit.paragraph] or \
            not self.doc.text[self.par_starts[unit.paragraph]:unit.start].strip()

    def ends_paragraph(self, unit: _Unit) -> bool:
        """No other quote follows in the paragraph: the next framed-less quote continues it."""
        nxt = self.par_starts[unit.paragraph + 1] if unit.paragraph + 1 < len(self.par_starts) else len(self.doc.text)
        return not any(u.start > unit.start and u.start < nxt for u in self.units)

    def is_title(self, toks: List[int], start: int) -> bool:
        """Quoted names of shows, books and slogans ("Meet the Press") are not speech;
        a quote introduced by ``said,`` or ``said:`` is, capitalised or not."""
        text, k = self.doc.text, start - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        before = text[k] if k >= 0 else ""  # the last character before the marks, spaces aside
        if before in (",", ":"):
            return False
        last = self.tokens[toks[-1]].text
        if before in ("", ".", "!", "?", "”", '"') and last in (",", "?", "!"):
            return False  # '"Okay," I said.' opens a sentence and ends like an utterance
        words = [self.tokens[t].text for t in toks if self.tokens[t].upos != "PUNCT"]
        content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
        return 0 < len(words) <= 10 and bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)

    def is_speech(self, unit: _Unit) -> bool:
        """A quote long or clausal enough to be somebody's words, not a scare quote or title."""
        tokens = self.tokens
        words = [t for t in unit.tokens if tokens[t].upos != "PUNCT"]
        has_verb = any(tokens[t].upos in ("VERB", "AUX") for t in words)
        return len(words) >= 6 or (has_verb and len(words) >= 3)

    # ------------------------------------------------------------------ reported speech

    def verb(self, i: int) -> Optional[Verb]:
        """The lexicon entry of token ``i`` when it is a verb, else ``None``.

        A reporting verb the tagger took for a noun right after an infinitive "to"
        with a clause below it ("went on to state that ...") still counts.
        """
        t = self.tokens[i]
        if t.upos not in ("VERB", "AUX") and not t.xpos.startswith("VB"):
            if self.mistagged_present(i):
                return self.lexicon.get(t.text[:-1])
            if not self.mistagged_infinitive(i):
                return None
        return self.lexicon.get(t.lemma) or self.lexicon.get(t.text.lower())

    def mistagged_present(self, i: int) -> bool:
        """'"...," Conway notes.' / 'as the website notes:': a verb in -s after a name,
        before punctuation, that the tagger took for a plural noun."""
        tokens = self.tokens
        t = tokens[i]
        if not (t.xpos == "NNS" and t.text.islower() and t.text.endswith("s") and 0 < i < len(tokens) - 1):
            return False
        before, after = tokens[i - 1].upos, tokens[i + 1].text
        return before in ("PROPN", "PRON") and after in (".", ",", ":") or before == "NOUN" and after == ":"

    def mistagged_infinitive(self, i: int) -> bool:
        """A verb tagged as a noun after "to" that introduces a clause or a quote
        ("went on to state that ...", "declined to comment: ...")."""
        tokens = self.tokens
        return tokens[i].upos == "NOUN" and 0 < i < len(tokens) - 1 and tokens[i - 1].text.lower() == "to" \
            and (tokens[i + 1].text.lower() in ("that", ":", ",", "“", '"') or bool(self.doc.children(i, "ccomp")))

    def reported_speech(self) -> List[Tuple[List[int], int, Optional[int], str]]:
        """(content tokens, cue token, speaker head, rule) for speech reported without marks."""
        tokens = self.tokens
        out = []
        for v, t in enumerate(tokens):
            if not self.outside(v):
                continue
            verb = self.verb(v)
            if verb is None:
                continue
            contents = []
            if "clause" in verb.complements:
                contents += [self.clause(c.i, v) for c in self.doc.children(v, "ccomp", "dep", "csubj:pass")
                             if c.rel == "ccomp" or self.is_clause(c.i) and
                             (c.rel == "dep" or self.doc.children(v, "expl"))]  # "It was reported that"
                if t.rel == "parataxis" and t.head >= 0 and self.outside(t.head) and self.subject(v) is not None:
                    # '..., he said.' reports what comes before it; a verb set off by commas
                    # ('Otherwise, she said, countries may ...') the whole clause around it
                    end = max(self.doc.subtree(v))
                    aside = tokens[end].text == "," or end + 1 < len(tokens) and tokens[end + 1].text == ","
                    if aside or tokens[t.head].start < t.start:
                        contents.append(self.host_clause(v, before_only=not aside))
                if t.rel == "advcl" and t.head >= 0 and self.outside(t.head) and self.subject(v) is not None \
                        and any(m.text.lower() == "as" for m in self.doc.children(v, "mark")) \
                        and not self.doc.children(v, "ccomp", "obj"):
                    # '..., as The New York Times reported.' reports the clause it hangs on
                    contents.append(self.host_clause(v))
            if "object" in verb.complements:
                objs = self.doc.children(v, "obj")
                small = [x for x in self.doc.children(v, "xcomp") if not self.doc.children(x.i, "mark")]
                small += [x for x in self.doc.children(v, "obl", "advcl")  # "described it as ..."
                          if any(c.text.lower() == "as" for c in self.doc.children(x.i, "case", "mark"))]
                for obj in objs:
                    toks = self.doc.subtree(obj.i)
                    for x in small:  # "called him a liar"
                        if x.i > obj.i:
                            toks = sorted(set(toks) | set(self.doc.subtree(x.i)))
                    contents.append(self.trim(toks, min_words=1))
                if not objs:  # the parser may hang "him" below "a liar"
                    contents += [self.trim(self.doc.subtree(x.i)) for x in small]
            if "infinitive" in verb.complements:
                for x in self.doc.children(v, "xcomp"):
                    if any(k.text.lower() == "to" for k in self.doc.children(x.i, "mark")):
                        contents.append(self.trim(self.doc.subtree(x.i)))
            for content in contents:
                if content:
                    out.append((content, v, self.subject(v), "indirect"))
        for t in tokens:
            if self.is_according(t.i):
                source = self.according_source(t.i)
                if source is None:
                    continue
                head = tokens[source].head
                if head < 0:  # the parse made the source the root: 'According to NP, REST.'
                    content = self.after_comma(t.i)
                else:
                    phrase = set(self.doc.subtree(source))
                    content = self.trim([k for k in self.doc.subtree(head) if k not in phrase])
                if content:
                    out.append((content, t.i, source, "according-to"))
        return out

    def host_clause(self, v: int, before_only: bool = False) -> List[int]:
        """The clause verb ``v`` hangs on, without ``v``'s own words (and, with
        ``before_only``, without anything after ``v``)."""
        own = set(self.doc.subtree(v))
        return self.trim([k for k in self.clause(self.tokens[v].head) if k not in own and not (before_only and k > v)])

    def after_comma(self, i: int) -> List[int]:
        """The words after the first comma that follows token ``i`` in its sentence."""
        a, b = self.doc.sentences[self.tokens[i].sent]
        comma = next((k for k in range(i, b) if self.tokens[k].text == "," and self.outside(k)), None)
        return self.trim(list(range(comma + 1, b))) if comma is not None else []

    def is_according(self, i: int) -> bool:
        tokens = self.tokens
        return tokens[i].text.lower() == "according" and i + 1 < len(tokens) and tokens[i + 1].text.lower() == "to"

    def according_frame(self, i: int) -> Optional[_Frame]:
        """The frame of "according to NP" at token ``i``, if the parse names NP."""
        source = self.according_source(i)
        return _Frame((i, i + 1), source, "according-to") if source is not None else None

    def according_source(self, i: int) -> Optional[int]:
        tokens = self.tokens
        if tokens[i].rel == "case" and tokens[i].head > i:
            return tokens[i].head
        for k in self.doc.children(i) + self.doc.children(i + 1):
            if k.i > i + 1 and k.upos in _NOMINAL:
                return k.i
        return None

    def is_clause(self, head: int) -> bool:
        """Does ``head`` head a clause (a subject or a complementiser of its own)?"""
        return any(k.rel in ("nsubj", "csubj", "cop") or (k.rel == "mark" and k.text.lower() in ("that", "whether", "if"))
                   for k in self.doc.children(head))

    def goes_with(self, v: int) -> Optional[int]:
        """The reporting verb that verb ``v``, coordinated with the head of the clause it
        reports, really goes with: no subject of its own, the cue's tense, after the cue
        ("China said it was opposed to the test and warned ...")."""
        tokens = self.tokens
        head = tokens[v].head
        if tokens[v].rel != "conj" or tokens[v].upos != "VERB" or head < 0 or tokens[head].rel != "ccomp":
            return None
        cue = tokens[head].head
        subjects = ("nsubj", "nsubj:pass", "nsubjpass")
        if cue < 0 or cue > v or tokens[v].xpos != tokens[cue].xpos or not self.is_cue(cue) \
                or self.doc.children(v, *subjects) or not self.doc.children(head, *subjects):
            return None
        return cue

    def clause(self, head: int, cue: Optional[int] = None) -> List[int]:
        """The tokens of a clause, without its complementiser and edge punctuation.

        A verb coordinated with the clause's verb that has no subject and the tense of
        the cue goes with the cue: in "China said it was opposed to the test and warned
        ...", China warned.
        """
        toks = self.doc.subtree(head)
        drop = {k.i for k in self.doc.children(head, "mark") if k.text.lower() in ("that", "whether", "if")}
        if cue is not None:
            for c in self.doc.children(head, "conj"):
                if self.goes_with(c.i) == cue:
                    drop.update(self.doc.subtree(c.i))
            for c in self.doc.children(head, "advcl", "xcomp", "dep"):  # ", saying ..."
                if self.participle_reporter(c.i) == cue:
                    drop.update(self.doc.subtree(c.i))
        toks = [k for k in toks if k not in drop]
        return self.trim(toks)

    def trim(self, toks: List[int], min_words: int = 2) -> List[int]:
        tokens = self.tokens
        while toks and (tokens[toks[0]].upos in ("PUNCT", "CCONJ") or tokens[toks[0]].text in _DASHES):
            toks = toks[1:]
        while toks and (tokens[toks[-1]].upos == "PUNCT" and not self.is_close_mark(toks[-1])):
            toks = toks[:-1]
        words = [k for k in toks if tokens[k].upos != "PUNCT"]
        return toks if len(words) >= min_words else []

    def is_close_mark(self, k: int) -> bool:
        return self.tokens[k].text in ("”", "’", '"', "'", "»", "''")

    # ------------------------------------------------------------------ output

    def run(self) -> List[Quote]:
        if not self.tokens:
            return Quotes([], text=self.doc.text)
        self.build_units()
        for u, unit in enumerate(self.units):
            unit.frame = self.sieve_transcript(u) or self.sieve_syntax(u) or self.sieve_split(u) \
                or self.sieve_pattern(u) or self.sieve_neighbour(u) or self.sieve_sentence(u)
            if unit.frame is not None and unit.frame.rule == "syntax" and self.quote_between(unit.frame, u):
                # '"A," she said ... "B?" Clinton said.': a parse that hangs B on the first
                # "said", across quote A, loses to the frame right after B
                surface = self.after_quote(unit)
                if surface is not None and surface.speaker is not None:
                    unit.frame = surface
            if unit.frame is not None and unit.frame.speaker is None and unit.frame.rule == "syntax":
                # the parse found the verb but lost its subject: read it off the surface
                surface = self.sieve_pattern(u)
                if surface is not None and surface.speaker is not None:
                    unit.frame = attrs.evolve(unit.frame, cue=surface.cue, speaker=surface.speaker)
                elif unit.frame.cue[0] > 0 and self.is_name_like(unit.frame.cue[0] - 1) \
                        and self.outside(unit.frame.cue[0] - 1) \
                        and self.tokens[unit.frame.cue[0] - 1].sent == self.tokens[unit.frame.cue[0]].sent:
                    unit.frame = attrs.evolve(unit.frame, speaker=unit.frame.cue[0] - 1)  # '"...," Matthews concluded.'
            if unit.frame and unit.frame.rule != "syntax":
                unit.kind = QuoteKind.DIRECT if self.is_speech(unit) else QuoteKind.MIXED
        self.continue_frames()

        framed = {(u.frame.cue[0] if u.frame and u.frame.cue else None) for u in self.units}
        reported = self.reported_speech()
        for unit in self.units:  # the reported clause around a quoted fragment
            f = unit.frame
            if f is not None and f.complement is not None and f.rule == "syntax":
                content = self.clause(f.complement, f.cue[0])
                objs = [o.i for o in self.doc.children(f.cue[0], "obj") if f.cue[0] < o.i < f.complement]
                if objs and self.tokens[f.complement].rel != "ccomp":  # "criticized X as a "..."
                    content = self.trim(sorted(set(self.doc.subtree(objs[0])) | set(content)))
                if content:
                    reported.append((content, f.cue[0], f.speaker, "syntax"))
        # Speech reported inside reported speech ("X said Y believes Z") is rarely what a
        # reader wants listed twice: keep the outer report only.
        inside_report = [0] * (len(self.tokens) + 1)
        for content, *_ in reported:
            inside_report[content[0]] += 1
            inside_report[content[-1] + 1] -= 1
        inside_report = list(itertools.accumulate(inside_report))
        # ("..., according to NP." has its cue between its own first and last words)
        reported = [r for r in reported if not inside_report[r[1]] - (r[0][0] <= r[1] <= r[0][-1])]
        self.outer_frames(reported)
        raw: List[Tuple[int, int, QuoteKind, Optional[_Frame]]] = []
        for unit in self.units:
            if (unit.frame is None or unit.frame.speaker is None) and not self.is_speech(unit):
                continue  # a scare quote or a title nobody is said to have said
            raw.append((unit.start, unit.end, unit.kind, unit.frame))
        for content, cue, speaker, rule in reported:
            start, end = self.tokens[content[0]].start, self.tokens[content[-1]].end
            inner = [(u.start, u.end) for u in self.units_between(content[0], content[-1])]
            quoted = sum(min(b, end) - max(a, start) for a, b in inner)
            if quoted >= 0.8 * (end - start) or self.adds_nothing(content):
                continue  # the complement is the quotation itself, already reported
            if self.cuts_a_quote(content[0], content[-1]):
                continue  # a clause cutting through a quotation, or holding its frame, is no content
            if cue in framed and not inner:
                continue  # the frame of a quotation already reported
            kind = QuoteKind.MIXED if inner else QuoteKind.INDIRECT
            end = max([end] + [b for a, b in inner if a < end < b])  # with the quotation's closing mark
            cue_span = (cue, cue + 1) if rule == "according-to" else self.cue_span(cue)
            raw.append((start, end, kind, _Frame(cue_span, speaker, rule)))
        return self.make_quotes(raw)

    def outer_frames(self, reported) -> None:
        """A quoted fragment whose own cue sits inside another report belongs to that
        report: in 'Pence said Trump described it as "the gold standard"' Pence speaks."""
        by_sentence: Dict[int, list] = {}  # reports by the sentence their content starts in
        for n, r in enumerate(reported):
            by_sentence.setdefault(self.tokens[r[0][0]].sent, []).append((n, r))
        for unit in self.units:
            f = unit.frame
            if f is None or f.rule != "syntax" or f.cue is None:
                continue
            s = self.tokens[unit.tokens[0]].sent
            near = sorted(nr for k in (s - 2, s - 1, s) for nr in by_sentence.get(k, ()))
            for _, (content, cue, speaker, rule) in near:
                if cue != f.cue[0] and content[0] <= f.cue[0] <= content[-1] and not self.is_quoted_as(cue) \
                        and content[0] <= unit.tokens[0] and unit.tokens[-1] <= content[-1] and rule != "according-to":
                    unit.frame = _Frame(self.cue_span(cue), speaker, "syntax")
                    break

    def adds_nothing(self, content: List[int]) -> bool:
        """A clause whose only words besides its quotation are function words and reporting
        verbs ("as saying, "..."") would repeat the quotation."""
        return all(not self.outside(k) or self.tokens[k].upos in _FUNCTION_POS or self.verb(k)
                   for k in content)

    def units_between(self, first: int, last: int) -> List[_Unit]:
        """The quotations with tokens among ``first..last``."""
        k = bisect.bisect_left(self.unit_ends, first)
        out = []
        while k < len(self.units) and self.units[k].tokens[0] <= last:
            out.append(self.units[k])
            k += 1
        return out

    def cuts_a_quote(self, first: int, last: int) -> bool:
        """Do tokens ``first..last`` hold some words of a quotation but not all of them?"""
        for unit in self.units_between(first, last):
            words = [t for t in unit.tokens if self.tokens[t].upos != "PUNCT"]
            within = sum(1 for t in words if first <= t <= last)
            if 0 < within < len(words):
                return True
        return False

    def make_quotes(self, raw) -> List[Quote]:
        doc, tokens = self.doc, self.tokens
        resolver = Resolver(doc)
        speakers: Dict[int, Any] = {}
        cues: Dict[int, List[int]] = {}
        for *_, f in raw:
            if f and f.speaker is not None:
                cues.setdefault(f.speaker, []).extend(range(f.cue[0], f.cue[1] + 1) if f.cue else ())
        for h in sorted(cues, key=lambda h: tokens[h].start):  # in text order, for pronouns
            own = self.unit_of[h]
            avoid = _OtherQuotes(self.unit_of, own, cues[h])
            first, last = noun_phrase(doc, h, avoid=avoid)
            if h + 1 < len(tokens) and tokens[h].head == h + 1 and self.mistagged_present(h + 1):
                # 'as the Heritage Foundation website notes:': the phrase hangs from the verb
                left = [k for k in tokens[h + 1].children if k < h and tokens[k].rel not in ("case", "mark", "punct")]
                first = min([first] + [min(self.doc.subtree(k)) for k in left])
            speakers[h] = resolver.resolve(first, last, h)
        out = []
        seen = set()
        for start, end, kind, frame in raw:
            key = (start, end)
            if key in seen:
                continue
            seen.add(key)
            cue = speaker = None
            rule = "none"
            if frame is not None:
                rule = frame.rule
                if frame.cue is not None:
                    a, b = frame.cue
                    cs, ce = tokens[a].start, tokens[b].end
                    lemma = " ".join(tokens[k].lemma.lower() if k == b or tokens[k].text.lower() != "according"
                                     else "according" for k in range(a, b + 1))
                    cue = Cue(cs, ce, doc.text[cs:ce], lemma=lemma)
                if frame.speaker is not None:
                    speaker = speakers[frame.speaker]
            out.append(Quote(start, end, doc.text[start:end], kind, speaker, cue, rule, CONFIDENCE[rule]))
        out.sort(key=lambda q: (q.start, q.end))
        return Quotes(out, text=doc.text)
