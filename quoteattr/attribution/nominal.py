"""Speech reported by a noun: "her claim that the bridge is safe", "the mayor's pledge
to cut fares", "their criticism of the plan".

The nouns and what each reports live in ``quoteattr/data/reporting_nouns.tsv``. The
speaker is the noun's possessor ("her claim"), else the subject of the verb the noun is
the object of ("Lee made the claim that ..."), else an agent after "by" or "from"
("a warning from the agency that ..."), else nobody.
"""

from __future__ import annotations

import os
from typing import Callable, Dict, FrozenSet, Iterator, List, Optional, Tuple

from quoteattr.attribution.chain import Report
from quoteattr.attribution.clauses import clause, without_case
from quoteattr.attribution.context import Context
from quoteattr.attribution.performer import subject
from quoteattr.document import Token

__all__ = ["NOUNS_FILE", "ADJECTIVES_FILE", "REPORTING_NOUNS", "REPORTING_ADJECTIVES", "noun_reports",
           "adjective_reports", "read_nouns"]

_DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")
NOUNS_FILE = os.path.join(_DATA, "reporting_nouns.tsv")
ADJECTIVES_FILE = os.path.join(_DATA, "reporting_adjectives.tsv")
_SHAPES = frozenset({"clause", "infinitive", "of"})
_AGENT = frozenset({"by", "from"})


def read_nouns(path: str = NOUNS_FILE) -> Dict[str, FrozenSet[str]]:
    """lemma -> the complements it reports ("clause", "infinitive", "of")."""
    nouns: Dict[str, FrozenSet[str]] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#") or line.startswith("lemma\t"):
                continue
            lemma, _, shapes = line.rstrip("\n").partition("\t")
            kinds = frozenset(s.strip() for s in shapes.split(",") if s.strip())
            if not kinds or kinds - _SHAPES:
                raise ValueError(f"{path}:{n}: expected a lemma, a tab and some of "
                                 f"{', '.join(sorted(_SHAPES))}; got {line.strip()!r}")
            nouns[lemma.lower()] = kinds
    return nouns


REPORTING_NOUNS = read_nouns()
REPORTING_ADJECTIVES = read_nouns(ADJECTIVES_FILE)


def noun_reports(ctx: Context, small: Callable[[Context, int], bool]) -> List[Report]:
    """(content, cue, speaker, "indirect") for each reporting noun outside quotation
    marks with a complement of a shape its row names; ``small`` says whether a
    subtree is short enough to be one report."""
    doc, tokens = ctx.doc, ctx.tokens
    out: List[Report] = []
    for t, shapes in _cue_words(ctx, "NOUN", REPORTING_NOUNS):
        contents = []
        for c in doc.children(t.i, "acl", "ccomp", "dep"):
            if c.deprel == "acl:relcl" or c.i < t.i or not small(ctx, c.i):
                continue  # ("the claim he made": a relative clause says what the claim is not)
            marks = [m.text.lower() for m in doc.children(c.i, "mark")]
            if "clause" in shapes and marks[:1] == ["that"] or "infinitive" in shapes and marks[:1] == ["to"]:
                contents.append(clause(ctx, c.i))
        if "of" in shapes:
            for c in doc.children(t.i, "nmod"):
                case = [k.i for k in doc.children(c.i, "case")]
                if c.i > t.i and len(case) == 1 and tokens[case[0]].text.lower() == "of" and small(ctx, c.i):
                    contents.append(without_case(ctx, c.i, case[0]))
        speaker = _speaker(ctx, t.i) if any(contents) else None
        out += [(content, t.i, speaker, "indirect") for content in contents if content]
    return out


def adjective_reports(ctx: Context, small: Callable[[Context, int], bool]) -> List[Report]:
    """(content, cue, speaker, "indirect") for each stance adjective outside quotation
    marks with a complement its row names ("confident that ...", "eager to ...",
    "critical of ..."); the speaker is the adjective's subject."""
    doc, tokens = ctx.doc, ctx.tokens
    out: List[Report] = []
    for t, shapes in _cue_words(ctx, "ADJ", REPORTING_ADJECTIVES):
        contents = []
        for c in doc.children(t.i, "ccomp", "xcomp", "nmod", "obl"):
            if c.i < t.i or not small(ctx, c.i):
                continue
            marks = [m.text.lower() for m in doc.children(c.i, "mark")]
            case = [m.i for m in doc.children(c.i, "case")]
            if c.rel == "ccomp" and "clause" in shapes and marks[:1] in ([], ["that"]) \
                    or c.rel == "xcomp" and "infinitive" in shapes and marks[:1] == ["to"]:
                contents.append(clause(ctx, c.i))
            elif c.rel in ("nmod", "obl") and "of" in shapes and len(case) == 1 \
                    and tokens[case[0]].text.lower() == "of":
                contents.append(without_case(ctx, c.i, case[0]))
        # (a quotation inside is left to the quotation's own frame: "eager to 'move on'")
        contents = [c for c in contents if c and not ctx.quotes_between(c[0], c[-1])]
        speaker = subject(ctx, t.i) if contents else None
        out += [(content, t.i, speaker, "indirect") for content in contents]
    return out


def _cue_words(ctx: Context, upos: str, table: Dict[str, FrozenSet[str]]) -> Iterator[Tuple[Token, FrozenSet[str]]]:
    """Each word outside quotation marks tagged ``upos`` whose lemma has a row in
    ``table``, with the complements that row names."""
    unit_of = ctx.unit_of
    for t in ctx.tokens:
        if t.upos == upos and unit_of[t.i] < 0:
            shapes = table.get(t.lemma.lower())
            if shapes is not None:
                yield t, shapes


def _speaker(ctx: Context, noun: int) -> Optional[int]:
    doc, tokens = ctx.doc, ctx.tokens
    for p in doc.children(noun, "nmod"):
        if p.deprel == "nmod:poss" and ctx.outside(p.i):
            return p.i
    t = tokens[noun]
    if t.rel == "obj" and t.head >= 0 and tokens[t.head].upos == "VERB":  # "Lee made the claim that"
        return subject(ctx, t.head)
    for p in doc.children(noun, "nmod"):
        if p.i > noun and ctx.outside(p.i) and any(k.text.lower() in _AGENT for k in doc.children(p.i, "case")):
            return p.i
    return None
