"""Reading CoNLL-U (with ``start_char``/``end_char`` offsets in MISC) into a
:class:`~quoteattr.document.Document`. A ``str`` is always CoNLL-U text, never a path."""

from __future__ import annotations

import os
import re
from typing import IO, Any, Dict, Iterable, List, Optional, Tuple, Union

from quoteattr.document import Document, Token, build_document, cycle_at, ner_label
from quoteattr.errors import ConlluError
from quoteattr.gc_pause import gc_paused

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
    """Yield (comments, token rows) per sentence, with 1-based line numbers. ``lines``
    come without their line ends, as ``str.splitlines`` gives them."""
    comments: List[Tuple[int, str]] = []
    rows: List[_Row] = []
    for number, line in enumerate(lines, 1):
        if not line or line.isspace():
            if rows:  # a comment block with no tokens stays with the next sentence
                yield comments, rows
                comments, rows = [], []
            continue
        if line[0] == "#":
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


@gc_paused
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
        newpar = any(c[1].startswith(("# newpar", "# newdoc")) for c in comments)
        sentences.append((newpar, _words(rows)))
    if not sentences:
        if text:
            raise ConlluError("the CoNLL-U input holds no sentences")
        return Document(text or "", [], [])

    words = [w for _, ws in sentences for w in ws]
    with_offsets = sum(1 for w in words if w["start"] is not None)
    ordered = False  # _check_order has passed on these offsets
    if text is None:
        if with_offsets == len(words):
            _check_order(words)
            ordered = True
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
    # One pass checks every word against the text and makes its token. Only a word that
    # starts before the word before it ends can be out of order: _check_order, which
    # says how, runs after this pass when one does.
    size = len(text)
    tokens: List[Token] = []
    end, unordered = 0, False
    for sent, (_, ws) in enumerate(sentences):
        base = len(tokens) - 1  # HEAD 1 is the sentence's first token
        for w in ws:
            s, e = w["start"], w["end"]
            if s is None:
                raise ConlluError(
                    f"CoNLL-U line {w['line']}: token {w['form']!r} has no start_char/end_char in "
                    "MISC; add offsets, or pass text=None to rebuild the text from the word forms"
                )
            if not (0 <= s <= e <= size):
                raise ConlluError(
                    f"CoNLL-U line {w['line']}: offsets {s}..{e} of {w['form']!r} fall outside the "
                    f"text ({size} characters); is this the right text for this parse?"
                )
            piece = text[s:e]
            if piece != w["surface"] and not _same_surface(piece, w["surface"]):
                raise ConlluError(
                    f"CoNLL-U line {w['line']}: token {w['surface']!r} does not match the text at "
                    f"{s}..{e}, which reads {piece!r}; is this the right text for this parse?"
                )
            if s < end:
                unordered = True
            end = e
            head = w["head"]
            tokens.append(Token(len(tokens), sent, piece, w["lemma"], w["upos"], w["xpos"],
                                base + head if head else -1, w["deprel"], s, e, w["ner"]))
    if not ordered and unordered:
        _check_order(words)
    return build_document(text, tokens)


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
    try:  # (ValueError also for more digits than int() converts, see sys.set_int_max_str_digits)
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
    heads: List[int] = []
    mwt: Optional[Tuple[int, int, Dict[str, Any]]] = None
    for line, cols in rows:
        wid, form, lemma, upos, xpos, _, head, deprel, _, misc_field = cols
        misc = _misc(misc_field) if misc_field != "_" else {}
        if wid.isdecimal() and len(wid) < 19:  # a word; most rows are (a longer number goes to _int,
            n = int(wid)                          # which turns int()'s digit limit into a ConlluError)
        elif "." in wid:  # empty node of enhanced UD
            continue
        elif "-" in wid:
            a, _, b = wid.partition("-")
            mwt = (_int(a, "token id", line), _int(b, "token id", line), {
                "form": form, "misc": misc, "line": line, "members": []})
            continue
        else:
            n = _int(wid, "ID", line)
        if n != len(words) + 1:
            raise ConlluError(f"CoNLL-U line {line}: word id {n} out of sequence (expected {len(words) + 1})")
        if head == "_":
            raise ConlluError(f"CoNLL-U line {line}: word {form!r} has no HEAD; quoteattr needs a dependency parse")
        h = int(head) if head.isdecimal() and len(head) < 19 else _int(head, "HEAD", line)
        start = end = None
        if "start_char" in misc and "end_char" in misc:
            start, end = _offsets(misc, line, form)
        tag = misc.get("ner")
        word = {
            "line": line, "form": form, "surface": form,
            "lemma": lemma if lemma != "_" or form == "_" else form.lower(),
            "upos": upos, "xpos": xpos, "head": h, "deprel": deprel,
            "start": start, "end": end, "space_after": misc.get("SpaceAfter") != "No",
            "ner": ner_label(tag) if tag and tag != "O" else "O",
        }
        if mwt and mwt[0] <= n <= mwt[1]:
            word["mwt"] = mwt[2]["line"]
            mwt[2]["members"].append(word)
            if n == mwt[1]:
                _share_mwt_offsets(mwt[2])
                mwt = None
        words.append(word)
        heads.append(h)
    if not words:
        raise ConlluError(f"CoNLL-U line {rows[0][0]}: a sentence with no words (only multiword-token "
                          "or empty-node lines)")
    count = len(words)
    for n, h in enumerate(heads, 1):
        if h == n or not 0 <= h <= count:
            w = words[n - 1]
            if h == n:
                raise ConlluError(f"CoNLL-U line {w['line']}: word {w['form']!r} has itself as HEAD")
            raise ConlluError(f"CoNLL-U line {w['line']}: HEAD {w['head']} points outside its sentence")
    _check_tree(words, heads)
    return words


def _check_tree(words: List[Dict[str, Any]], heads: List[int]) -> None:
    """Every word must reach the root by following HEADs; a cycle would never end."""
    n = cycle_at(heads)
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
        prev = None
        for w in ws:
            surface = w["surface"]
            parts.append(surface)
            if surface == "" and prev is not None:
                # a word inside a multiword token shares the token's surface span
                w["start"], w["end"], w["surface"] = prev["start"], prev["end"], prev["surface"]
            else:
                w["start"] = pos
                pos += len(surface)
                w["end"] = pos
            if w["space_after"]:
                parts.append(" ")
                pos += 1
            prev = w
    return "".join(parts).rstrip(" ")

