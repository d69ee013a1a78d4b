"""A parser-neutral view of a dependency-parsed document.

Attribution asks a handful of questions of a parse (heads, labels, lemmas, offsets).
Stanza documents, CoNLL-U files and spaCy docs are all turned into this one small
structure first (:mod:`quoteattr.conllu`, :mod:`quoteattr.stanza_input`,
:mod:`quoteattr.spacy_input`), so the sieves never care where a parse came from.
Labels are UD v2.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from quoteattr.layout import cut_sentences

__all__ = ["Token", "Document", "build_document", "cycle_at", "ner_label"]


class Token:
    """One syntactic word. ``head`` is a document-wide token index, or -1 for a root."""

    __slots__ = (
        "i", "sent", "text", "lemma", "upos", "xpos", "head", "_deprel", "rel", "start", "end",
        "ner", "children",
    )

    def __init__(
        self, i: int, sent: int, text: str, lemma: str, upos: str, xpos: str, head: int,
        deprel: str, start: int, end: int, ner: str = "O",
    ) -> None:
        self.i = i
        self.sent = sent
        self.text = text
        self.lemma = lemma
        self.upos = upos
        self.xpos = xpos
        self.head = head
        self._deprel = deprel  # (as the setter below does, without a call per token)
        self.rel = deprel.split(":", 1)[0] if ":" in deprel else deprel
        self.start = start
        self.end = end
        self.ner = ner
        self.children: List[int] = []

    @property
    def deprel(self) -> str:
        """The dependency label (``nsubj:pass``); setting it also sets :attr:`rel`, its
        universal part (``nsubj``), which the sieves ask for far more often."""
        return self._deprel

    @deprel.setter
    def deprel(self, label: str) -> None:
        self._deprel = label
        self.rel = label.split(":", 1)[0]

    def __repr__(self) -> str:
        return f"Token({self.i} {self.text!r} {self.upos} {self.deprel}->{self.head})"


class Document:
    """Tokens of a whole text, sentence spans and the text itself."""

    def __init__(self, text: str, tokens: List[Token], sentences: List[Tuple[int, int]]):
        self.text = text
        self.tokens = tokens
        self.sentences = sentences  # (first token index, one past the last)
        for tok in tokens:
            if tok.head >= 0:
                tokens[tok.head].children.append(tok.i)
        self._subtrees: Optional[_Subtrees] = None

    def __len__(self) -> int:
        return len(self.tokens)

    def sentence_of(self, i: int) -> Tuple[int, int]:
        return self.sentences[self.tokens[i].sent]

    def subtree(self, i: int) -> List[int]:
        """Indices of ``i`` and everything below it, in text order."""
        trees = self._index()
        return sorted(trees.order[trees.first[i]:trees.last[i]])

    def span(self, i: int) -> Tuple[int, int]:
        """``(min(subtree(i)), max(subtree(i)))`` without building the subtree: O(1) after
        one O(n) pass over the whole document on first use."""
        trees = self._index()
        return trees.leftmost[i], trees.rightmost[i]

    def preorder(self) -> Tuple[List[int], List[int], List[int]]:
        """``(order, first, last)``: the tokens in one depth-first order, and where each
        token's subtree lies in it (``order[first[i]:last[i]]``). For counting over many
        subtrees with prefix sums instead of walking each one."""
        trees = self._index()
        return trees.order, trees.first, trees.last

    def size(self, i: int) -> int:
        """``len(subtree(i))`` without building the subtree (the same one pass)."""
        trees = self._index()
        return trees.last[i] - trees.first[i]

    def dominates(self, i: int, k: int) -> bool:
        """Is ``k`` in ``subtree(i)``? O(1) after the same one pass as :meth:`span`."""
        trees = self._index()
        return trees.first[i] <= trees.position[k] < trees.last[i]

    def _index(self) -> "_Subtrees":
        if self._subtrees is None:
            self._subtrees = _Subtrees(self.tokens)
        return self._subtrees

    def children(self, i: int, *rels: str) -> List[Token]:
        """Children of token ``i``, optionally only those whose label is in ``rels``
        (``nsubj`` matches ``nsubj`` and ``nsubj:pass``; ``nsubj:pass`` only itself)."""
        tokens = self.tokens
        if not rels:
            return [tokens[j] for j in tokens[i].children]
        # one pass, the short label first (asked thousands of times a document)
        return [tokens[j] for j in tokens[i].children if tokens[j].rel in rels or tokens[j]._deprel in rels]


class _Subtrees:
    """Every token's subtree as a slice of one depth-first order, and its extent in the text.

    ``order[first[i]:last[i]]`` holds ``i`` and all below it; ``position[k]`` is where ``k``
    sits in ``order``. Built iteratively (a chain of 100,000 words is no recursion problem)
    in one pass. Parsers from outside may hand us a cycle of heads: every token on a cycle
    reaches the whole cycle and all that hangs from it, so they all share that slice.
    """

    __slots__ = ("order", "position", "first", "last", "leftmost", "rightmost")

    def __init__(self, tokens: List[Token]) -> None:
        n = len(tokens)
        self.order: List[int] = []
        self.position = [-1] * n
        self.first = [0] * n
        self.last = [0] * n
        self.leftmost = list(range(n))
        self.rightmost = list(range(n))
        kids = [t.children for t in tokens]
        heads = [t.head for t in tokens]
        for i, head in enumerate(heads):
            if head < 0:
                self._walk(kids, heads, i)
        for i in range(n):
            if self.position[i] >= 0:
                continue
            # Not below any root, so following heads from i runs into a cycle.
            seen, k = set(), i
            while k not in seen:
                seen.add(k)
                k = tokens[k].head
            self._walk(kids, heads, k)
            on_cycle, j = [k], tokens[k].head
            while j != k:
                on_cycle.append(j)
                j = tokens[j].head
            for j in on_cycle:
                self.first[j], self.last[j] = self.first[k], self.last[k]
                self.leftmost[j], self.rightmost[j] = self.leftmost[k], self.rightmost[k]

    def _walk(self, kids: List[List[int]], heads: List[int], root: int) -> None:
        """Number ``root`` and all below it in depth-first order, then, children before
        their heads, carry the ends of subtrees and extents up. Every token but ``root`` is
        reached from its own head, so its head is its parent in the walk, and a subtree
        ends where the last subtree of its children ends. ``kids`` and ``heads`` are the
        tokens' children and heads (lists, for speed: this visits every word)."""
        order, position, first, last = self.order, self.position, self.first, self.last
        leftmost, rightmost = self.leftmost, self.rightmost
        begin = at = len(order)
        stack = [root]
        pop, push, add = stack.pop, stack.extend, order.append
        while stack:
            node = pop()
            if position[node] < 0:  # a cycle leads back to the root: numbered already
                position[node] = first[node] = at
                at += 1
                last[node] = at
                add(node)
                push(kids[node])
        for node in reversed(order[begin + 1:]):  # order[begin] is the root
            head = heads[node]
            if last[node] > last[head]:
                last[head] = last[node]
            if leftmost[node] < leftmost[head]:
                leftmost[head] = leftmost[node]
            if rightmost[node] > rightmost[head]:
                rightmost[head] = rightmost[node]


# --------------------------------------------------------------------------- CoNLL-U


def cycle_at(heads: List[int]) -> int:
    """The 1-based number of the first word whose HEADs (1-based, 0 the root, all in
    range) never reach the root, or 0 when every word does."""
    # 2: reaches the root; 1: on the path walked from the current word; 0: not seen yet.
    # A path that runs into itself is a cycle; every other path ends at a word marked 2.
    state = [0] * (len(heads) + 1)
    state[0] = 2
    for n in range(1, len(heads) + 1):
        if state[n]:
            continue
        path, k = [], n
        while not state[k]:
            state[k] = 1
            path.append(k)
            k = heads[k - 1]
        if state[k] == 1:
            return n
        for k in path:
            state[k] = 2
    return 0


def build_document(text: str, tokens: List[Token]) -> Document:
    """The document of ``tokens``, its sentences cut at every paragraph break and after
    every dateline (a parser may run a headline into the first sentence)."""
    heads = [t.head for t in tokens]
    sents = cut_sentences(text, [t.start for t in tokens], [t.sent for t in tokens], heads)
    spans: List[Tuple[int, int]] = []
    first = 0  # the first token of the sentence being read
    for t, s, h in zip(tokens, sents, heads):
        if h != t.head:
            t.head, t.deprel = -1, "root"
        t.sent = s
        if t.i and s != sents[t.i - 1]:
            spans.append((first, t.i))
            first = t.i
    if tokens:
        spans.append((first, len(tokens)))
    return Document(text, tokens, spans)


# --------------------------------------------------------------------------- stanza


def ner_label(tag: str) -> str:
    """``B-PERSON``/``S-PERSON``/``PERSON`` -> ``PERSON``; ``O`` stays ``O``."""
    if not tag or tag in ("O", "_"):
        return "O"
    if len(tag) > 2 and tag[1] == "-" and tag[0] in "BIESL U":
        return tag[2:]
    return tag
