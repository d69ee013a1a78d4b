"""spaCy input: a parsed spaCy ``Doc`` in, quotes out.

spaCy's English pipelines label dependencies in the ClearNLP scheme (``dobj``,
``nsubjpass``, ``prep``/``pobj``, ``attr``...), while the sieves ask their questions in
UD v2. Rather than teach every sieve two schemes, the Doc is translated once into the
parser-neutral :class:`~quoteattr.parsed.Document`, restructuring where UD differs in
shape and not just in name:

* a preposition hands its head to its object: ``said in [a statement]`` becomes
  ``statement -obl-> said`` with ``in -case-> statement`` (``nmod`` under a noun);
  ``according to X`` becomes ``X`` with ``according`` (case) and ``to`` (fixed);
  a preposition before a clause (``after signing``) becomes its ``mark``;
* a copula hands its head to its predicate: ``it is deplorable`` hangs ``it`` and
  ``is`` (cop) below ``deplorable``, as UD does;
* infinitival ``to`` is a ``mark``, not an ``aux``.

The Doc is read by duck typing, so this module never imports spaCy.
"""

from __future__ import annotations

import bisect
import importlib.util
from typing import Any, Dict, Iterable, List, Optional, Tuple

from quoteattr.layout import cut_sentences
from quoteattr.lexicon import LexiconLike
from quoteattr.quotes import Quotes
from quoteattr.parsed import Document, Token
from quoteattr.gc_pause import gc_paused

__all__ = ["from_spacy", "document_from_spacy"]

_INSTALL_HINT = ("spaCy is an optional extra: pip install spacy (or, in a clone of quoteattr: "
                 "pip install \".[spacy]\")")

#: ClearNLP labels that only change name on the way to UD v2.
_RENAME: Dict[str, str] = {
    "ROOT": "root",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "dobj": "obj",
    "auxpass": "aux:pass",
    "poss": "nmod:poss",
    "relcl": "acl:relcl",
    "neg": "advmod",
    "oprd": "xcomp",
    "attr": "xcomp",  # an attr left after copula handling: "became president"
    "acomp": "xcomp",  # "seemed happy"
    "prt": "compound:prt",
    "quantmod": "advmod",
    "predet": "det:predet",
    "preconj": "cc:preconj",
    "intj": "discourse",
    "meta": "parataxis",
    "dative": "iobj",  # "told him"; "to him" is restructured as obl first
    "agent": "obl:agent",
    "pobj": "obl",  # a stranded object with no preposition left above it
    "pcomp": "xcomp",
    "prep": "obl",  # a stranded preposition: "the man he talked to"
    "subtok": "goeswith",
    "": "dep",
}
_NOMINAL = {"NOUN", "PROPN", "PRON", "NUM"}
_COPULA_FORMS = {"'s", "’s", "'re", "’re", "'m", "’m"}  # spaCy may lemmatise these oddly
_ADPOSITIONAL = "_adp"  # placeholder: obl or nmod, decided once heads are final


def from_spacy(doc: Any, *, lexicon: LexiconLike = None, sieves: Optional[Iterable[Any]] = None,
               noun_phrases: bool = True) -> Quotes:
    """Quotes from a parsed spaCy ``Doc`` (any English pipeline with a parser);
    ``sieves`` and ``noun_phrases`` as for :func:`quoteattr.from_conllu`.

    >>> quotes = from_spacy(nlp(text))  # doctest: +SKIP
    """
    from quoteattr.attribution import attribute

    return attribute(document_from_spacy(doc), lexicon=lexicon, sieves=sieves, noun_phrases=noun_phrases)


@gc_paused
def document_from_spacy(doc: Any) -> Document:
    """Translate a parsed spaCy ``Doc`` into a UD v2 :class:`Document`.

    Offsets are ``token.idx`` into ``doc.text``; whitespace tokens are dropped, since
    the other parsers never produce them and a sieve would count them as words.
    """
    _check_doc(doc)
    # one pass over the tokens (each Token object spaCy makes costs time; doc.text would
    # make them all again), heads and sentence starts as arrays
    rows = [(t.text, t.idx, t.pos_, t.tag_, t.lemma_, t.dep_, t.ent_type_, t.whitespace_) for t in doc]
    text = "".join(row[0] + row[7] for row in rows)
    heads, sent_starts = _heads_and_sentence_starts(doc)
    keep = [i for i, row in enumerate(rows) if row[0].strip() and row[2] != "SPACE"]
    new_index = {old: new for new, old in enumerate(keep)}
    spacy_sent: List[int] = []
    for i, start in enumerate(sent_starts):
        spacy_sent.append(spacy_sent[-1] + (start == 1) if i else 0)

    # A sentence never runs over a paragraph break (spaCy's sometimes do, when a
    # heading or a "Name said:" line has no final stop); the sieves rely on that.
    par_break = "\n\n" if "\n\n" in text.strip() else "\n"
    tokens: List[Token] = []
    sent_no = 0
    for k, old in enumerate(keep):
        form, idx, pos, tag, lemma, dep, ent, _ = rows[old]
        if k and (spacy_sent[old] != spacy_sent[keep[k - 1]] or par_break in text[tokens[-1].end:idx]):
            sent_no += 1
        tokens.append(Token(
            len(tokens), sent_no, form, lemma or form.lower(), pos, tag,
            new_index[heads[old]] if heads[old] != old and heads[old] in new_index
            else _kept_head(heads, old, new_index), dep, idx, idx + len(form), ent or "O",
        ))
    # a dateline ("LONDON (Reuters) -") ends a sentence too, as for the other parsers
    for tok, s in zip(tokens, cut_sentences(text, [t.start for t in tokens], [t.sent for t in tokens],
                                            [t.head for t in tokens])):
        tok.sent = s
    spans: List[Tuple[int, int]] = []
    for tok in tokens:
        if spans and tokens[spans[-1][0]].sent == tok.sent:
            spans[-1] = (spans[-1][0], tok.i + 1)
        else:
            spans.append((tok.i, tok.i + 1))
    for tok in tokens:
        if tok.head >= 0 and tokens[tok.head].sent != tok.sent:
            tok.head, tok.deprel = -1, "ROOT"  # cut at the paragraph break
    for a, b in spans:
        _to_ud(tokens, a, b)
    return Document(text, tokens, spans)


def _check_doc(doc: Any) -> None:
    """Fail early and clearly on anything but a parsed spaCy Doc."""
    # asked of the type: on a Doc, ``doc.text`` would build the whole text to answer
    if not all(hasattr(type(doc), name) for name in ("text", "sents", "has_annotation", "__iter__")):
        missing = importlib.util.find_spec("spacy") is None
        raise TypeError(
            f"from_spacy expects a parsed spaCy Doc, got {type(doc).__name__}"
            + ("; spaCy is not installed" if missing else "")
            + f". {_INSTALL_HINT}"
        )
    if not doc.has_annotation("DEP"):
        raise ValueError(
            "the spaCy Doc needs a dependency parse: run a pipeline with a parser "
            "(e.g. en_core_web_sm), not a blank or tokenizer-only one"
        )


def _heads_and_sentence_starts(doc: Any) -> Tuple[List[int], List[int]]:
    """Each token's head index, and whether it starts a sentence (1) or not."""
    if hasattr(doc, "to_array"):
        # relative head offsets, stored unsigned: the cast to int64 gives the negative ones back
        columns = doc.to_array(["HEAD", "SENT_START"]).astype("int64").tolist()
        return [i + rel for i, (rel, _) in enumerate(columns)], [start for _, start in columns]
    starts = {sent.start for sent in doc.sents}
    return [t.head.i for t in doc], [1 if t.i in starts else -1 for t in doc]


def _kept_head(heads: List[int], i: int, new_index: Dict[int, int]) -> int:
    """The new index of ``i``'s head, skipping dropped whitespace tokens; -1 for a root."""
    seen = set()
    head = heads[i]
    while head != i and head not in new_index and head not in seen:
        seen.add(head)
        i, head = head, heads[head]
    if head == i or head not in new_index:
        return -1
    return new_index[head]


# --------------------------------------------------------------------------- labels


def _to_ud(tokens: List[Token], a: int, b: int) -> None:
    """Rewrite the ClearNLP tree of sentence ``tokens[a:b]`` as UD v2, in place."""
    sent = tokens[a:b]
    tree = _Tree(sent)
    _copulas(sent, tree)
    _prepositions(tokens, sent, tree)
    _object_subjects(sent, tree)
    for t in sent:
        head_upos = tokens[t.head].upos if t.head >= 0 else ""
        if t.deprel == "aux" and (t.xpos == "TO" or t.text.lower() == "to"):
            t.deprel = "mark"  # infinitival "to"
        elif t.deprel == "npadvmod":
            t.deprel = "nmod:npmod" if head_upos in _NOMINAL else "obl:npmod"
        elif t.deprel == _ADPOSITIONAL:
            t.deprel = "nmod" if head_upos in _NOMINAL else "obl"
        else:
            t.deprel = _RENAME.get(t.deprel, t.deprel)


class _Tree:
    """Who hangs from whom in one sentence, kept current while the passes move heads.

    Asking for a token's children costs the number of children, not the length of the
    sentence, so that a sentence of many thousand words converts in linear time.
    """

    def __init__(self, sent: List[Token]) -> None:
        self.at = {t.i: t for t in sent}
        self.kids: Dict[int, List[int]] = {}  # head -> its children's indices, in text order
        for t in sent:
            self.kids.setdefault(t.head, []).append(t.i)

    def children(self, i: int, *labels: str) -> List[Token]:
        """``i``'s children in text order, only those labelled ``labels`` when given."""
        kids = [self.at[k] for k in self.kids.get(i, ())]
        return [t for t in kids if t.deprel in labels] if labels else kids

    def move(self, t: Token, head: int) -> None:
        """Hang ``t`` from ``head``."""
        if head == t.head:
            return
        self.kids[t.head].remove(t.i)
        bisect.insort(self.kids.setdefault(head, []), t.i)
        t.head = head

    def extents(self) -> Dict[int, List[int]]:
        """``[first, last]`` token index of the subtree of every token below a root of the
        sentence, in one pass. (Tokens on a cycle of heads are left out: see :meth:`span`.)"""
        extent = {i: [i, i] for i in self.at}
        roots = [i for i, t in self.at.items() if t.head not in self.at]
        order, seen, stack = [], set(roots), roots
        while stack:
            k = stack.pop()
            order.append(k)
            for c in self.kids.get(k, ()):
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        for k in reversed(order):  # children before their heads
            head = self.at[k].head
            if head in self.at:
                extent[head][0] = min(extent[head][0], extent[k][0])
                extent[head][1] = max(extent[head][1], extent[k][1])
        return {k: extent[k] for k in order}

    def span(self, top: Token) -> Tuple[int, int]:
        """The first and last token index of ``top``'s subtree, walked afresh."""
        seen, stack = {top.i}, [top.i]
        while stack:
            for k in self.kids.get(stack.pop(), ()):
                if k not in seen:
                    seen.add(k)
                    stack.append(k)
        return min(seen), max(seen)


def _copulas(sent: List[Token], tree: _Tree) -> None:
    """``X is Y``: Y heads the clause, with X as its subject and ``is`` as ``cop`` (UD)."""
    for be in sent:
        if be.upos not in ("AUX", "VERB") or be.deprel in ("aux", "auxpass"):
            continue
        if be.lemma.lower() != "be" and be.text.lower() not in _COPULA_FORMS:
            continue
        preds = tree.children(be.i, "attr", "acomp")
        if not preds:
            continue
        if tree.children(be.i, "expl"):  # "there is X": X is the subject
            preds[0].deprel = "nsubj"
            continue
        pred = preds[0]
        for t in tree.children(be.i):
            if t is not pred:
                tree.move(t, pred.i)
        tree.move(pred, be.head)
        pred.deprel = be.deprel
        tree.move(be, pred.i)
        be.deprel = "cop"


def _object_subjects(sent: List[Token], tree: _Tree) -> None:
    """``demanded [Obama make a pledge]``, ``heard [him talk]``: spaCy's object of the verb
    is, in UD, the subject of the subjectless clause that directly follows it."""
    extent = tree.extents()  # moving an object under its sibling widens the sibling only

    def span(t: Token) -> Tuple[int, int]:
        known = extent.get(t.i)
        return (known[0], known[1]) if known else tree.span(t)

    for clause in sent:
        if clause.deprel != "ccomp" or tree.children(clause.i, "nsubj", "nsubjpass", "expl", "mark"):
            continue
        objs = [o for o in tree.children(clause.head, "dobj") if o.i < clause.i]
        if objs and span(objs[-1])[1] + 1 == span(clause)[0]:
            obj = objs[-1]
            tree.move(obj, clause.i)
            obj.deprel = "nsubj"
            if clause.i in extent and obj.i in extent:
                extent[clause.i][0] = min(extent[clause.i][0], extent[obj.i][0])
                extent[clause.i][1] = max(extent[clause.i][1], extent[obj.i][1])


def _prepositions(tokens: List[Token], sent: List[Token], tree: _Tree) -> None:
    """Prepositions become ``case`` (or ``mark``) dependents of their objects (UD)."""
    # Multiword prepositions: in "according to X" and "because of X", X moves up to the
    # first word and the second word hangs from the first as ``fixed``.
    for p in sent:
        if p.deprel not in ("prep", "agent", "dative") and p.text.lower() != "according":
            continue
        if tree.children(p.i, "pobj", "pcomp"):
            continue
        second = [q for q in tree.children(p.i, "prep") if q.i == p.i + 1]
        objs = tree.children(second[0].i, "pobj") if second else []
        if objs:
            tree.move(objs[0], p.i)
            second[0].deprel = "fixed"
            if p.deprel not in ("prep", "agent", "dative"):
                p.deprel = "prep"  # "according" parsed as a verb
    # Right to left, so that in "from under X" the inner phrase is rebuilt first.
    cased: Dict[int, int] = {}  # preposition -> the object that now heads it
    for p in reversed(sent):
        objs = tree.children(p.i, "pobj")
        if not objs and (p.upos in ("ADP", "SCONJ") or p.deprel == "prep"):
            objs = tree.children(p.i, "pcomp")
        if not objs:
            continue
        obj = objs[0]
        if obj.deprel == "pcomp" and (obj.upos in ("VERB", "AUX") or obj.xpos.startswith("VB")):
            # "after signing a treaty": an adverbial clause with "after" as its mark
            label = p.deprel
            if p.deprel in ("prep", "agent", "dative"):
                label = "acl" if p.head >= 0 and tokens[p.head].upos in _NOMINAL else "advcl"
            tree.move(obj, p.head)
            tree.move(p, obj.i)
            obj.deprel, p.deprel = label, "mark"
        else:
            label = {"prep": _ADPOSITIONAL, "agent": "obl:agent", "dative": "obl"}.get(p.deprel, p.deprel)
            tree.move(obj, p.head)
            tree.move(p, obj.i)
            obj.deprel, p.deprel = label, "case"
        cased[p.i] = obj.i
    # What else hung from a preposition (a conjunct, "and", "just") moves to its object.
    for t in sent:
        steps = 0
        while t.head in cased and t.deprel != "fixed" and steps < len(sent):
            tree.move(t, cased[t.head])
            steps += 1
