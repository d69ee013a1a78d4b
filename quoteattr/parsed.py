"""A parser-neutral view of a dependency-parsed document.

Attribution asks a handful of questions of a parse (heads, labels, lemmas, offsets).
Stanza documents, CoNLL-U files and spaCy docs are all turned into this one small
structure first, so the sieves never care where a parse came from. Labels are UD v2.
"""

from __future__ import annotations

import os
import re
from typing import IO, Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from quoteattr.errors import ConlluError
from quoteattr.layout import cut_sentences

__all__ = ["Token", "Document", "read_conllu", "from_stanza_document"]


class Token:
    """One syntactic word. ``head`` is a document-wide token index, or -1 for a root."""

    __slots__ = (
        "i", "sent", "text", "lemma", "upos", "xpos", "head", "deprel", "start", "end",
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
        self.deprel = deprel
        self.start = start
        self.end = end
        self.ner = ner
        self.children: List[int] = []

    @property
    def rel(self) -> str:
        """The universal part of the label: ``nsubj`` for ``nsubj:pass``."""
        return self.deprel.split(":", 1)[0]

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
        kids = [self.tokens[j] for j in self.tokens[i].children]
        if not rels:
            return kids
        return [t for t in kids if t.deprel in rels or t.rel in rels]


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
        for tok in tokens:
            if tok.head < 0:
                self._walk(tokens, tok.i)
        for i in range(n):
            if self.position[i] >= 0:
                continue
            # Not below any root, so following heads from i runs into a cycle.
            seen, k = set(), i
            while k not in seen:
                seen.add(k)
                k = tokens[k].head
            self._walk(tokens, k)
            on_cycle, j = [k], tokens[k].head
            while j != k:
                on_cycle.append(j)
                j = tokens[j].head
            for j in on_cycle:
                self.first[j], self.last[j] = self.first[k], self.last[k]
                self.leftmost[j], self.rightmost[j] = self.leftmost[k], self.rightmost[k]

    def _walk(self, tokens: List[Token], root: int) -> None:
        """Number ``root`` and all below it in depth-first order, then, children before
        their heads, add up sizes and extents. Every token but ``root`` is reached from
        its own head, so its head is its parent in the walk."""
        order, position, first, last = self.order, self.position, self.first, self.last
        leftmost, rightmost = self.leftmost, self.rightmost
        begin = len(order)
        stack = [root]
        while stack:
            node = stack.pop()
            if position[node] < 0:  # a cycle leads back to the root: numbered already
                position[node] = first[node] = len(order)
                order.append(node)
                stack.extend(tokens[node].children)
        size = {}
        for node in reversed(order[begin:]):
            below = size.pop(node, 0)
            last[node] = first[node] + 1 + below
            if node != root:
                head = tokens[node].head
                size[head] = size.get(head, 0) + 1 + below
                if leftmost[node] < leftmost[head]:
                    leftmost[head] = leftmost[node]
                if rightmost[node] > rightmost[head]:
                    rightmost[head] = rightmost[node]


# --------------------------------------------------------------------------- CoNLL-U

_Row = Tuple[int, List[str]]  # (line number, ten columns)


def _misc(field: str) -> Dict[str, str]:
    if field in ("", "_"):
        return {}
    out = {}
    for item in field.split("|"):
        key, sep, value = item.partition("=")
        if sep:
            out[key] = value
    return out


def _ner_label(tag: str) -> str:
    """``B-PERSON``/``S-PERSON``/``PERSON`` -> ``PERSON``; ``O`` stays ``O``."""
    if not tag or tag in ("O", "_"):
        return "O"
    if len(tag) > 2 and tag[1] == "-" and tag[0] in "BIESL U":
        return tag[2:]
    return tag


def _blocks(lines: Iterable[str]) -> Iterable[Tuple[List[Tuple[int, str]], List[_Row]]]:
    """Yield (comments, token rows) per sentence, with 1-based line numbers."""
    comments: List[Tuple[int, str]] = []
    rows: List[_Row] = []
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            if rows:  # a comment block with no tokens stays with the next sentence
                yield comments, rows
                comments, rows = [], []
            continue
        if line.startswith("#"):
            comments.append((number, line))
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ConlluError(
                f"CoNLL-U line {number}: expected 10 tab-separated columns, found {len(cols)}: "
                f"{line[:60]!r}"
            )
        rows.append((number, cols))
    if rows:
        yield comments, rows


#: How much longer than its tokens a text rebuilt from offsets may be (``text=None``):
#: twice the characters the tokens and one separator each cover, plus this much. News
#: text parsed by stanza has gaps of a few characters between tokens; a rebuild far
#: past that comes from offsets that were never meant for this parse, and allocating
#: it would cost memory for nothing.
REBUILD_SLACK = 10_000

Source = Union[str, "os.PathLike[str]", IO[str]]

# A single line that reads as a file name: a path separator or a file extension.
_PATH_LIKE = re.compile(r"^[^\x00-\x1f]{1,4096}$")
_PATH_HINT = re.compile(r"[/\\]|\.[A-Za-z0-9]{1,10}$")


def read_conllu(source: Source, text: Optional[str] = None) -> Document:
    """Read CoNLL-U into a :class:`Document`.

    ``source`` is the CoNLL-U text itself when it is a ``str`` (never a file name), a
    path as an ``os.PathLike`` such as ``pathlib.Path``, or a file opened for reading in
    text mode. Token offsets come from MISC ``start_char``/``end_char`` (as stanza writes
    them). With ``text`` given, every token needs offsets that match it. With
    ``text=None`` the text is rebuilt: from the offsets when all tokens carry them,
    otherwise from the word forms, ``SpaceAfter=No`` and ``# newpar`` comments.

    Raises :class:`~quoteattr.errors.ConlluError` for anything that cannot be read as a
    parse of the text (and ``TypeError`` for arguments of the wrong type).
    """
    if isinstance(source, str):
        _reject_single_line(source)
        lines = source.splitlines()  # "" is an empty CoNLL-U text, never a path
    elif isinstance(source, os.PathLike):
        lines = _read_path(source).splitlines()
    elif hasattr(source, "read"):
        content = source.read()
        if not isinstance(content, str):
            raise TypeError(
                f"the file object gave {type(content).__name__}, not str; open the file in text "
                "mode: open(path, encoding='utf-8')")
        lines = content.splitlines()
    else:
        raise TypeError(
            f"expected CoNLL-U text (str), a path (pathlib.Path) or an open text file, got "
            f"{type(source).__name__}")
    if text is not None and not isinstance(text, str):
        raise TypeError(f"text must be a str or None, got {type(text).__name__}")

    sentences = []  # per sentence: list of word dicts
    for comments, rows in _blocks(lines):
        newpar = any(c[1].startswith("# newpar") or c[1].startswith("# newdoc") for c in comments)
        sentences.append((newpar, _words(rows)))
    if not sentences:
        if text:
            raise ConlluError("the CoNLL-U input holds no sentences")
        return Document(text or "", [], [])

    words = [w for _, ws in sentences for w in ws]
    with_offsets = [w for w in words if w["start"] is not None]
    if text is None:
        if len(with_offsets) == len(words):
            _check_order(words)
            _check_rebuild_size(words)
            text = _text_from_offsets(sentences)
        elif not with_offsets:
            text = _text_from_forms(sentences)
        else:
            w = next(w for w in words if w["start"] is None)
            raise ConlluError(
                f"CoNLL-U line {w['line']}: token {w['form']!r} has no start_char/end_char "
                "although other tokens do"
            )
    for w in words:
        if w["start"] is None:
            raise ConlluError(
                f"CoNLL-U line {w['line']}: token {w['form']!r} has no start_char/end_char in "
                "MISC; add offsets, or pass text=None to rebuild the text from the word forms"
            )
        s, e = w["start"], w["end"]
        if not (0 <= s <= e <= len(text)):
            raise ConlluError(
                f"CoNLL-U line {w['line']}: offsets {s}..{e} of {w['form']!r} fall outside the "
                f"text ({len(text)} characters); is this the right text for this parse?"
            )
        if not _same_surface(text[s:e], w["surface"]):
            raise ConlluError(
                f"CoNLL-U line {w['line']}: token {w['surface']!r} does not match the text at "
                f"{s}..{e}, which reads {text[s:e]!r}; is this the right text for this parse?"
            )
    _check_order(words)
    return _build(text, sentences)


def _reject_single_line(source: str) -> None:
    """A one-line string without a tab holds no token row: say so before parsing it, and
    if it reads like a file name, say how to pass a path. Nothing is opened."""
    if "\t" in source or "\n" in source or "\r" in source:
        return
    line = source.strip()
    if not line or line.startswith("#"):
        return  # empty, or comments only: an empty parse
    shown = source if len(source) <= 60 else source[:57] + "..."
    message = (f"the string {shown!r} is not CoNLL-U text (no tab-separated token rows); "
               "a str is always read as CoNLL-U text, never as a file name")
    if _PATH_LIKE.match(source) and _PATH_HINT.search(source):
        name = source if len(source) <= 200 else shown
        message += f"; to read a file, pass a path: pathlib.Path({name!r})"
    raise ConlluError(message)


def _read_path(source: "os.PathLike[str]") -> str:
    path = os.fspath(source)
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ConlluError(f"no CoNLL-U file at {path!r}") from None
    except UnicodeDecodeError as exc:
        raise ConlluError(f"{path!r} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except IsADirectoryError:
        raise ConlluError(f"{path!r} is a directory, not a CoNLL-U file") from None
    except PermissionError:
        raise ConlluError(f"{path!r}: permission denied") from None
    except (OSError, ValueError) as exc:  # a name too long, a NUL in it, a device error...
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConlluError(f"cannot read the CoNLL-U file {path!r}: {reason}") from None


def _check_order(words: List[Dict[str, Any]]) -> None:
    """Tokens must follow the text: each starts at or after the end of the one before.
    Only the words of one multiword token may share a span."""
    prev = None
    for w in words:
        if prev is not None and w["start"] < prev["end"]:
            shared = (w["start"], w["end"]) == (prev["start"], prev["end"]) \
                and w.get("mwt") is not None and w.get("mwt") == prev.get("mwt")
            if not shared:
                how = "overlaps" if w["start"] >= prev["start"] else "comes before"
                raise ConlluError(
                    f"CoNLL-U line {w['line']}: token {w['form']!r} at {w['start']}..{w['end']} {how} "
                    f"the token before it, {prev['form']!r} at {prev['start']}..{prev['end']} (line "
                    f"{prev['line']}); tokens must run through the text in order without overlapping. "
                    "Fix the start_char/end_char offsets, or drop them and pass text=None to "
                    "rebuild the text from the word forms")
        prev = w


def _check_rebuild_size(words: List[Dict[str, Any]]) -> None:
    """Fail fast, before allocating, when offsets ask for a text far longer than the tokens."""
    covered = sum(len(w["surface"]) + 1 for w in words)
    limit = 2 * covered + REBUILD_SLACK
    last = max(words, key=lambda w: w["end"])
    if last["end"] > limit:
        raise ConlluError(
            f"CoNLL-U line {last['line']}: end_char={last['end']} of {last['form']!r} would rebuild a "
            f"text of {last['end']:,} characters from tokens that cover {covered:,}; the offsets "
            "do not belong to this parse. Pass the text the offsets index (text=...), or drop "
            "the offsets to rebuild the text from the word forms")


def _same_surface(a: str, b: str) -> bool:
    return a == b or "".join(a.split()) == "".join(b.split())


def _int(value: str, what: str, line: int) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConlluError(f"CoNLL-U line {line}: {what} must be an integer, found {value!r}") from None


def _offsets(misc: Dict[str, str], line: int, form: str) -> Tuple[int, int]:
    start = _int(misc["start_char"], "start_char", line)
    end = _int(misc["end_char"], "end_char", line)
    if not 0 <= start <= end:
        raise ConlluError(f"CoNLL-U line {line}: offsets start_char={start}, end_char={end} of {form!r} "
                          "are not a stretch of text (need 0 <= start_char <= end_char)")
    return start, end


def _words(rows: List[_Row]) -> List[Dict[str, Any]]:
    """Turn one sentence's rows into word dicts; multiword tokens lend offsets to words."""
    words: List[Dict[str, Any]] = []
    mwt: Optional[Tuple[int, int, Dict[str, Any]]] = None
    for line, cols in rows:
        wid = cols[0]
        if "." in wid:  # empty node of enhanced UD
            continue
        misc = _misc(cols[9])
        if "-" in wid:
            a, _, b = wid.partition("-")
            mwt = (_int(a, "token id", line), _int(b, "token id", line), {
                "form": cols[1], "misc": misc, "line": line, "members": []})
            continue
        n = _int(wid, "ID", line)
        if n != len(words) + 1:
            raise ConlluError(f"CoNLL-U line {line}: word id {n} out of sequence (expected {len(words) + 1})")
        head = cols[6]
        if head == "_":
            raise ConlluError(f"CoNLL-U line {line}: word {cols[1]!r} has no HEAD; quoteattr needs a dependency parse")
        word = {
            "line": line, "form": cols[1], "surface": cols[1],
            "lemma": cols[2] if cols[2] != "_" or cols[1] == "_" else cols[1].lower(),
            "upos": cols[3], "xpos": cols[4], "head": _int(head, "HEAD", line), "deprel": cols[7],
            "start": None, "end": None, "space_after": misc.get("SpaceAfter") != "No",
            "ner": _ner_label(misc.get("ner", "O")),
        }
        if "start_char" in misc and "end_char" in misc:
            word["start"], word["end"] = _offsets(misc, line, cols[1])
        if mwt and mwt[0] <= n <= mwt[1]:
            word["mwt"] = mwt[2]["line"]
            mwt[2]["members"].append(word)
            if n == mwt[1]:
                _share_mwt_offsets(mwt[2])
                mwt = None
        words.append(word)
    if not words:
        raise ConlluError(f"CoNLL-U line {rows[0][0]}: a sentence with no words (only multiword-token "
                          "or empty-node lines)")
    for n, w in enumerate(words, 1):
        if not 0 <= w["head"] <= len(words):
            raise ConlluError(f"CoNLL-U line {w['line']}: HEAD {w['head']} points outside its sentence")
        if w["head"] == n:
            raise ConlluError(f"CoNLL-U line {w['line']}: word {w['form']!r} has itself as HEAD")
    _check_tree(words)
    return words


def _check_tree(words: List[Dict[str, Any]]) -> None:
    """Every word must reach the root by following HEADs; a cycle would never end."""
    n = _cycle_at([w["head"] for w in words])
    if n:
        w = words[n - 1]
        raise ConlluError(f"CoNLL-U line {w['line']}: the HEADs of word {w['form']!r} run in a "
                          "cycle and never reach the root (HEAD 0)")


def _cycle_at(heads: List[int]) -> int:
    """The 1-based number of the first word whose HEADs (1-based, 0 the root, all in
    range) never reach the root, or 0 when every word does."""
    reaches_root = [False] * (len(heads) + 1)
    reaches_root[0] = True
    for n in range(1, len(heads) + 1):
        path, on_path, k = [], set(), n
        while not reaches_root[k]:
            if k in on_path:
                return n
            path.append(k)
            on_path.add(k)
            k = heads[k - 1]
        for k in path:
            reaches_root[k] = True
    return 0


def _share_mwt_offsets(token: Dict[str, Any]) -> None:
    """Words of a multiword token (``don't`` = do + n't) take slices of its offsets."""
    members, misc = token["members"], token["misc"]
    space = misc.get("SpaceAfter") != "No"
    for w in members:
        w["space_after"] = False
    members[-1]["space_after"] = space
    if "start_char" not in misc or "end_char" not in misc:
        if members[0]["start"] is None:
            members[0]["surface"] = token["form"]
            for w in members[1:]:
                w["surface"] = ""
        return
    start, end = _offsets(misc, token["line"], token["form"])
    form = token["form"]
    if "".join(w["form"] for w in members) == form:
        pos = start
        for w in members:
            w["start"], w["end"] = pos, pos + len(w["form"])
            pos = w["end"]
    else:
        for w in members:
            w["start"], w["end"], w["surface"] = start, end, form


def _text_from_offsets(sentences) -> str:
    words = [w for _, ws in sentences for w in ws]
    size = max(w["end"] for w in words)
    chars = [" "] * size
    for newpar, ws in sentences[1:]:
        if newpar and ws and ws[0]["start"] >= 2:
            chars[ws[0]["start"] - 2: ws[0]["start"]] = ["\n", "\n"]
    for w in words:
        if len(w["surface"]) == w["end"] - w["start"]:
            chars[w["start"]: w["end"]] = list(w["surface"])
    return "".join(chars)


def _text_from_forms(sentences) -> str:
    parts: List[str] = []
    pos = 0
    for k, (newpar, ws) in enumerate(sentences):
        if k:
            sep = "\n\n" if newpar else " "
            if parts and parts[-1] == " ":
                parts.pop()
                pos -= 1
            parts.append(sep)
            pos += len(sep)
        for w in ws:
            w["start"] = pos
            parts.append(w["surface"])
            pos += len(w["surface"])
            w["end"] = pos
            if w["space_after"]:
                parts.append(" ")
                pos += 1
    text = "".join(parts)
    # Words inside a multiword token share its surface span.
    for _, ws in sentences:
        for k, w in enumerate(ws):
            if w["surface"] == "" and k:
                w["start"], w["end"], w["surface"] = ws[k - 1]["start"], ws[k - 1]["end"], ws[k - 1]["surface"]
    return text.rstrip(" ")


def _build(text: str, sentences) -> Document:
    tokens: List[Token] = []
    for s, (_, ws) in enumerate(sentences):
        base = len(tokens)
        for w in ws:
            tokens.append(Token(
                len(tokens), s, text[w["start"]:w["end"]], w["lemma"], w["upos"], w["xpos"],
                base + w["head"] - 1 if w["head"] else -1, w["deprel"], w["start"], w["end"],
                w["ner"],
            ))
    return _document(text, tokens)


def _document(text: str, tokens: List[Token]) -> Document:
    """The document of ``tokens``, its sentences cut at every paragraph break and after
    every dateline (a parser may run a headline into the first sentence)."""
    heads = [t.head for t in tokens]
    sents = cut_sentences(text, [t.start for t in tokens], [t.sent for t in tokens], heads)
    spans: List[Tuple[int, int]] = []
    for t, s, h in zip(tokens, sents, heads):
        if h != t.head:
            t.head, t.deprel = -1, "root"
        t.sent = s
        if spans and s == tokens[spans[-1][0]].sent:
            spans[-1] = (spans[-1][0], t.i + 1)
        else:
            spans.append((t.i, t.i + 1))
    return Document(text, tokens, spans)


# --------------------------------------------------------------------------- stanza


def from_stanza_document(doc: Any, text: Optional[str] = None) -> Document:
    """Convert a parsed ``stanza.Document``; offsets index ``text`` (default ``doc.text``).

    Token offsets must lie in the text and run through it in order without overlapping,
    and heads must form a tree in each sentence; otherwise :class:`ConlluError`.
    """
    if not hasattr(doc, "sentences"):
        raise TypeError(f"expected a stanza Document, got {type(doc).__name__}")
    if text is not None and not isinstance(text, str):
        raise TypeError(f"text must be a str or None, got {type(text).__name__}")
    if text is None:
        text = getattr(doc, "text", None) or _text_from_stanza_offsets(doc)
        if not isinstance(text, str):
            raise TypeError(f"the stanza Document's text is {type(text).__name__}, not str")
    tokens: List[Token] = []
    prev_end = 0
    for s, sent in enumerate(doc.sentences):
        base = len(tokens)
        heads: List[int] = []
        for tok in sent.tokens:
            ner = _ner_label(getattr(tok, "ner", None) or "O")
            words = tok.words
            if tok.start_char is not None:
                _check_stanza_offsets(tok, s, len(text), prev_end)
                prev_end = tok.end_char
            surface = text[tok.start_char:tok.end_char] if tok.start_char is not None else tok.text
            pieces = _split_offsets(tok.start_char, tok.end_char, surface, [w.text for w in words])
            for w, (ws, we) in zip(words, pieces):
                if w.head is None or w.deprel is None:
                    raise ValueError(
                        "the stanza Document has no dependency parse; build the Pipeline with "
                        "processors='tokenize,mwt,pos,lemma,depparse'"
                    )
                heads.append(w.head)
                tokens.append(Token(
                    len(tokens), s, text[ws:we], w.lemma or w.text.lower(), w.upos or "",
                    w.xpos or "", base + w.head - 1 if w.head else -1, w.deprel, ws, we, ner,
                ))
        for n, head in enumerate(heads, 1):
            if not isinstance(head, int) or not 0 <= head <= len(heads) or head == n:
                raise ConlluError(
                    f"stanza Document, sentence {s + 1}, word {n} ({tokens[base + n - 1].text!r}): "
                    f"HEAD {head!r} is not another word of its sentence (1..{len(heads)}) or 0")
        cycle = _cycle_at(heads)
        if cycle:
            raise ConlluError(
                f"stanza Document, sentence {s + 1}, word {cycle} ({tokens[base + cycle - 1].text!r}): "
                "the HEADs run in a cycle and never reach the root (HEAD 0)")
    return _document(text, tokens)


def _check_stanza_offsets(tok: Any, sentence: int, size: int, prev_end: int) -> None:
    start, end = tok.start_char, tok.end_char
    where = f"stanza Document, sentence {sentence + 1}, token {getattr(tok, 'text', '?')!r}"
    if not isinstance(start, int) or not isinstance(end, int):
        raise ConlluError(f"{where}: offsets {start!r}..{end!r} are not whole numbers")
    if not 0 <= start <= end <= size:
        raise ConlluError(f"{where}: offsets {start}..{end} fall outside the text ({size} characters); "
                          "is this the right text for this parse?")
    if start < prev_end:
        raise ConlluError(f"{where}: offsets {start}..{end} start before the token before it ends "
                          f"({prev_end}); tokens must run through the text in order without overlapping")


def _text_from_stanza_offsets(doc: Any) -> str:
    """A Document read from CoNLL-U has no text: lay its tokens out at their offsets."""
    tokens = [t for sent in doc.sentences for t in sent.tokens]
    if any(t.start_char is None for t in tokens):
        raise ValueError(
            "the stanza Document has neither text nor character offsets; pass the text: "
            "from_stanza(doc, text=...)")
    prev_end = 0
    for t in tokens:
        _check_stanza_offsets(t, 0, 1 << 62, prev_end)
        prev_end = t.end_char
    covered = sum(len(t.text) + 1 for t in tokens)
    if prev_end > 2 * covered + REBUILD_SLACK:
        raise ConlluError(
            f"stanza Document: end_char={prev_end} would rebuild a text of {prev_end:,} characters from "
            f"tokens that cover {covered:,}; pass the text the offsets index: from_stanza(doc, text=...)")
    chars = [" "] * prev_end
    for t in tokens:
        if len(t.text) == t.end_char - t.start_char:
            chars[t.start_char:t.end_char] = list(t.text)
    return "".join(chars)


def _split_offsets(start: Optional[int], end: Optional[int], surface: str, forms: Sequence[str]):
    if start is None or end is None:
        raise ValueError("the stanza Document has tokens without character offsets")
    if len(forms) == 1:
        return [(start, end)]
    if "".join(forms) == surface:
        out, pos = [], start
        for f in forms:
            out.append((pos, pos + len(f)))
            pos += len(f)
        return out
    return [(start, end)] * len(forms)
