"""A parser-neutral view of a dependency-parsed document.

Attribution asks a handful of questions of a parse (heads, labels, lemmas, offsets).
Stanza documents, CoNLL-U files and spaCy docs are all turned into this one small
structure first, so the sieves never care where a parse came from. Labels are UD v2.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from quoteattr.errors import ConlluError

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

    def __len__(self) -> int:
        return len(self.tokens)

    def sentence_of(self, i: int) -> Tuple[int, int]:
        return self.sentences[self.tokens[i].sent]

    def subtree(self, i: int) -> List[int]:
        """Indices of ``i`` and everything below it, in text order."""
        seen, stack = {i}, [i]
        while stack:
            for k in self.tokens[stack.pop()].children:
                if k not in seen:  # parsers from outside may hand us a cycle
                    seen.add(k)
                    stack.append(k)
        return sorted(seen)

    def children(self, i: int, *rels: str) -> List[Token]:
        """Children of token ``i``, optionally only those whose label is in ``rels``
        (``nsubj`` matches ``nsubj`` and ``nsubj:pass``; ``nsubj:pass`` only itself)."""
        kids = [self.tokens[j] for j in self.tokens[i].children]
        if not rels:
            return kids
        return [t for t in kids if t.deprel in rels or t.rel in rels]


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


def _is_conllu_text(source: str) -> bool:
    return "\t" in source or "\n" in source or not source.strip()


def read_conllu(source: Union[str, os.PathLike], text: Optional[str] = None) -> Document:
    """Read CoNLL-U (a path or the text of a file) into a :class:`Document`.

    Token offsets come from MISC ``start_char``/``end_char`` (as stanza writes them).
    With ``text`` given, every token needs offsets that match it. With ``text=None``
    the text is rebuilt: from the offsets when all tokens carry them, otherwise from
    the word forms, ``SpaceAfter=No`` and ``# newpar`` comments.
    """
    if isinstance(source, os.PathLike) or (isinstance(source, str) and not _is_conllu_text(source)):
        path = os.fspath(source)
        try:
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except FileNotFoundError:
            raise ConlluError(f"no CoNLL-U file at {path!r}") from None
        except UnicodeDecodeError as exc:
            raise ConlluError(f"{path!r} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        except IsADirectoryError:
            raise ConlluError(f"{path!r} is a directory, not a CoNLL-U file") from None
    elif isinstance(source, str):
        lines = source.splitlines()  # "" is an empty CoNLL-U text, never a path
    else:
        raise TypeError(f"expected a CoNLL-U string or a path, got {type(source).__name__}")
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
    return _build(text, sentences)


def _same_surface(a: str, b: str) -> bool:
    return a == b or "".join(a.split()) == "".join(b.split())


def _int(value: str, what: str, line: int) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConlluError(f"CoNLL-U line {line}: {what} must be an integer, found {value!r}") from None


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
            word["start"] = _int(misc["start_char"], "start_char", line)
            word["end"] = _int(misc["end_char"], "end_char", line)
        if mwt and mwt[0] <= n <= mwt[1]:
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
    reaches_root = [False] * (len(words) + 1)
    reaches_root[0] = True
    for n in range(1, len(words) + 1):
        path, on_path, k = [], set(), n
        while not reaches_root[k]:
            if k in on_path:
                w = words[n - 1]
                raise ConlluError(f"CoNLL-U line {w['line']}: the HEADs of word {w['form']!r} run in a "
                                  "cycle and never reach the root (HEAD 0)")
            path.append(k)
            on_path.add(k)
            k = words[k - 1]["head"]
        for k in path:
            reaches_root[k] = True


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
    start = _int(misc["start_char"], "start_char", token["line"])
    end = _int(misc["end_char"], "end_char", token["line"])
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
    spans = []
    for s, (_, ws) in enumerate(sentences):
        base = len(tokens)
        for w in ws:
            tokens.append(Token(
                len(tokens), s, text[w["start"]:w["end"]], w["lemma"], w["upos"], w["xpos"],
                base + w["head"] - 1 if w["head"] else -1, w["deprel"], w["start"], w["end"],
                w["ner"],
            ))
        spans.append((base, len(tokens)))
    return Document(text, tokens, spans)


# --------------------------------------------------------------------------- stanza


def from_stanza_document(doc: Any, text: Optional[str] = None) -> Document:
    """Convert a parsed ``stanza.Document``; offsets index ``text`` (default ``doc.text``)."""
    if not hasattr(doc, "sentences"):
        raise TypeError(f"expected a stanza Document, got {type(doc).__name__}")
    if text is None:
        text = getattr(doc, "text", None) or _text_from_stanza_offsets(doc)
    tokens: List[Token] = []
    spans = []
    for s, sent in enumerate(doc.sentences):
        base = len(tokens)
        for tok in sent.tokens:
            ner = _ner_label(getattr(tok, "ner", None) or "O")
            words = tok.words
            surface = text[tok.start_char:tok.end_char] if tok.start_char is not None else tok.text
            pieces = _split_offsets(tok.start_char, tok.end_char, surface, [w.text for w in words])
            for w, (ws, we) in zip(words, pieces):
                if w.head is None or w.deprel is None:
                    raise ValueError(
                        "the stanza Document has no dependency parse; build the Pipeline with "
                        "processors='tokenize,mwt,pos,lemma,depparse'"
                    )
                tokens.append(Token(
                    len(tokens), s, text[ws:we], w.lemma or w.text.lower(), w.upos or "",
                    w.xpos or "", base + w.head - 1 if w.head else -1, w.deprel, ws, we, ner,
                ))
        spans.append((base, len(tokens)))
    return Document(text, tokens, spans)


def _text_from_stanza_offsets(doc: Any) -> str:
    """A Document read from CoNLL-U has no text: lay its tokens out at their offsets."""
    tokens = [t for sent in doc.sentences for t in sent.tokens]
    if any(t.start_char is None for t in tokens):
        raise ValueError(
            "the stanza Document has neither text nor character offsets; pass the text: "
            "from_stanza(doc, text=...)")
    chars = [" "] * max((t.end_char for t in tokens), default=0)
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
