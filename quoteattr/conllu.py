"""Reading CoNLL-U (with ``start_char``/``end_char`` offsets in MISC) into a
:class:`~quoteattr.document.Document`. A ``str`` is always CoNLL-U text, never a path."""

from __future__ import annotations

import os
import re
from typing import IO, Any, Dict, Iterable, List, Optional, Tuple, Union

from quoteattr.document import Document, Token, build_document, cycle_at, ner_label
from quoteattr.errors import ConlluError

__all__ = ["read_conllu", "Source", "REBUILD_SLACK"]


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
            "ner": ner_label(misc.get("ner", "O")),
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
    n = cycle_at([w["head"] for w in words])
    if n:
        w = words[n - 1]
        raise ConlluError(f"CoNLL-U line {w['line']}: the HEADs of word {w['form']!r} run in a "
                          "cycle and never reach the root (HEAD 0)")


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
    return build_document(text, tokens)
