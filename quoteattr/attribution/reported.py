"""Speech reported without marks, and the reported clause around a quoted fragment."""

from __future__ import annotations

import itertools
from typing import Dict, List

import attrs

from quoteattr.attribution.chain import DocumentStep, Report, Result
from quoteattr.attribution.clauses import after_comma, clause, cuts_a_quote, host_clause, without_case
from quoteattr.attribution.context import DASHES, Context, Frame
from quoteattr.attribution.nominal import adjective_reports, noun_reports
from quoteattr.attribution.performer import subject
from quoteattr.attribution.syntax import is_quoted_as

__all__ = ["ReportedSpeech", "OuterReport", "reported_speech", "MAX_REPORT_TOKENS"]

#: The longest stretch read as one report. News and fiction clauses stay far below it
#: (about 120 tokens at most in PolNeAR and LitBank); a longer one is a parse that ran
#: through a list or a table, and reading it would cost time for nothing.
MAX_REPORT_TOKENS = 400

#: The classes of verbs of saying: their "about" phrase ("talked about the budget") and the
#: subject of their passive ("the deal was announced") are what they report; thinking or
#: finding about something reports nothing, and "10,000 are expected" is no report.
_SAYING = frozenset({"speech", "communication", "writing", "evaluation"})
#: Subordinators of a contrast the writer sets beside a report ("..., while her rival ...").
_CONTRAST = frozenset({"while", "though", "although", "whereas"})
#: Verbs of seeming: in "Lee appears to be winning" the subject and its infinitive are
#: the writer's inference, a report with no speaker in PolNeAR. They are no reporting
#: verbs (no cue for a quotation), so they stay out of the lexicon.
_RAISING = frozenset({"seem", "appear"})


class ReportedSpeech(DocumentStep):
    """Reporting verbs with a clause or object and no marks: ``The agency announced that
    fares will rise`` (indirect) and ``Fares will rise, according to the agency``
    (according-to); and, for a quote a parse sieve found to be a fragment, the whole
    clause around it (``She said the plan was "dead on arrival"``, a mixed quote).

    Speech reported inside reported speech ("X said Y believes Z") is kept as the
    outer report only.
    """

    name = "indirect"

    def apply(self, ctx: Context, result: Result) -> None:
        # the cues that frame a quotation of their own sentence: a cue borrowed from a sentence
        # before ('Lee argued that the fee was unfair. "Nobody asked us."') keeps its own report
        result.framed_cues = {q.frame.cue[0] for q in ctx.quotes if q.frame and q.frame.cue and q.tokens
                              and ctx.tokens[q.tokens[0]].sent <= ctx.tokens[q.frame.cue[0]].sent
                              <= ctx.tokens[q.tokens[-1]].sent + 1}
        reported = reported_speech(ctx) + noun_reports(ctx, _small) + adjective_reports(ctx, _small) \
            + fragment_clauses(ctx)
        inside_report = [0] * (len(ctx.tokens) + 1)
        for content, *_ in reported:
            inside_report[content[0]] += 1
            inside_report[content[-1] + 1] -= 1
        inside_report = list(itertools.accumulate(inside_report))
        # ("..., according to NP." has its cue between its own first and last words)
        result.reported = [r for r in reported if not inside_report[r[1]] - (r[0][0] <= r[1] <= r[0][-1])]


class OuterReport(DocumentStep):
    """A quoted fragment whose own cue sits inside another report belongs to that
    report: in 'Lee said the senator called it "a fair deal"' Lee speaks.

    An "according to" source is such a report too: in '"We will reopen in May," Lopez
    said, according to the Gazette' the Gazette is whom the reader takes the words
    from, and PolNeAR credits it (about four quotes in five on train). The quotes that
    go on from a quote so moved (``paragraph``) move with it.
    """

    name = "outer-report"

    def apply(self, ctx: Context, result: Result) -> None:
        moved: Dict[tuple, Frame] = {}  # (cue, speaker) before -> the frame after
        by_sentence: Dict[int, list] = {}  # reports by the sentence their content starts in
        for n, r in enumerate(result.reported):
            by_sentence.setdefault(ctx.tokens[r[0][0]].sent, []).append((n, r))
        for quote in ctx.quotes:
            f = quote.frame
            if f is None or not f.from_parse or f.cue is None:
                continue
            s = ctx.tokens[quote.tokens[0]].sent
            near = sorted(nr for k in (s - 2, s - 1, s) for nr in by_sentence.get(k, ()))
            for _, (content, cue, speaker, rule) in near:
                if cue != f.cue[0] and content[0] <= f.cue[0] <= content[-1] and not is_quoted_as(ctx, cue) \
                        and content[0] <= quote.tokens[0] and quote.tokens[-1] <= content[-1]:
                    span = (cue, cue + 1) if rule == "according-to" else ctx.cue_span(cue)
                    quote.frame = Frame(span, speaker, self.name, from_parse=True)
                    moved[(f.cue, f.speaker)] = quote.frame
                    break
        for quote in ctx.quotes:  # the quotes that went on from a moved one (the paragraph step) move too
            f = quote.frame
            if f is not None and f.rule == "paragraph" and (f.cue, f.speaker) in moved:
                new = moved[(f.cue, f.speaker)]
                quote.frame = attrs.evolve(f, cue=new.cue, speaker=new.speaker)


def fragment_clauses(ctx: Context) -> List[Report]:
    """The reported clause around each quoted fragment a parse sieve framed."""
    out: List[Report] = []
    for quote in ctx.quotes:
        f = quote.frame
        if f is not None and f.complement is not None and f.from_parse and _small(ctx, f.complement):
            content = clause(ctx, f.complement, f.cue[0])
            objs = [o.i for o in ctx.doc.children(f.cue[0], "obj") if f.cue[0] < o.i < f.complement]
            if objs and ctx.tokens[f.complement].rel != "ccomp" and _small(ctx, objs[0]):  # 'described X as a "..."'
                content = ctx.trim(sorted(set(ctx.doc.subtree(objs[0])) | set(content)))
            if content:
                out.append((content, f.cue[0], f.speaker, f.rule))
    return out


def reported_speech(ctx: Context) -> List[Report]:
    """(content tokens, cue token, speaker head, rule) for speech reported without marks."""
    tokens = ctx.tokens
    doc = ctx.doc
    out: List[Report] = []
    verbs = ctx.reporting_verbs
    # "Lee appears to be winning": the writer infers it (seem and appear are no reporting verbs)
    seeming = [k for k, t in enumerate(tokens) if t.lemma in _RAISING and t.upos == "VERB"
               and k not in verbs and ctx.outside(k)]
    for v in sorted([*verbs, *seeming]) if seeming else verbs:
        verb = verbs.get(v)
        if verb is None:
            out += [(content, v, None, "indirect") for content in raised(ctx, v) if content]
            continue
        contents = []
        if "clause" in verb.complements:
            contents += [clause(ctx, c.i, v) for c in doc.children(v, "ccomp", "dep", "csubj:pass")
                         if (c.rel == "ccomp" or ctx.is_clause(c.i) and
                             (c.rel == "dep" or doc.children(v, "expl")))  # "It was reported that"
                         and _small(ctx, c.i)]
            contents += parataxis_report(ctx, v)
        infinitives = [x for x in doc.children(v, "xcomp") if "infinitive" in verb.complements and _small(ctx, x.i)
                       and any(k.text.lower() == "to" for k in doc.children(x.i, "mark"))]
        if "object" in verb.complements:
            # an object before an infinitive is part of it ("urged voters to reject the plan")
            objs = [o for o in doc.children(v, "obj") if not any(x.i > o.i for x in infinitives)]
            secondary = [x for x in doc.children(v, "xcomp") if not doc.children(x.i, "mark")]
            secondary += [x for x in doc.children(v, "obl", "advcl")  # "described it as ..."
                      if any(c.text.lower() == "as" for c in doc.children(x.i, "case", "mark"))]
            secondary = [x for x in secondary if _small(ctx, x.i)]
            for obj in objs:
                if not _small(ctx, obj.i):
                    continue
                toks = doc.subtree(obj.i)
                for x in secondary:  # "called him a liar"
                    if x.i > obj.i:
                        toks = sorted(set(toks) | set(doc.subtree(x.i)))
                contents.append(ctx.trim(toks, min_words=1))
            if not objs:  # the parser may hang "him" below "a liar"
                contents += [ctx.trim(doc.subtree(x.i)) for x in secondary]
            if not objs and not secondary and not any(contents) and not infinitives and verb.cls in _SAYING:
                contents += passive_object(ctx, v)
        for x in infinitives:  # "vowed to fight", "urged voters to reject the plan"
            toks = doc.subtree(x.i)
            before = [o for o in doc.children(v, "obj") if o.i < x.i and _small(ctx, o.i)]
            if before:
                toks = sorted(set(toks) | set(doc.subtree(before[-1].i)))
            contents.append(ctx.trim(toks))
        if not any(contents) and verb.cls in _SAYING:
            contents += topics(ctx, v)
        for content in contents:
            if content:
                out.append((_without_aside(ctx, content), v, subject(ctx, v), "indirect"))
    for t in [t for t in tokens if t.text.lower() == "according"]:  # (a quick look before the full test)
        if ctx.is_according(t.i):
            source = ctx.according_source(t.i)
            if source is None:
                continue
            head = tokens[source].head
            if head >= 0 and not _small(ctx, head):
                continue
            if head < 0:  # the parse made the source the root: 'According to NP, REST.'
                content = after_comma(ctx, t.i)
            else:
                phrase = set(doc.subtree(source))
                content = ctx.trim([k for k in doc.subtree(head) if k not in phrase])
            if content:
                out.append((content, t.i, source, "according-to"))
    return out


def topics(ctx: Context, v: int) -> List[List[int]]:
    """What a verb of speaking or writing with no other content is about: in 'Lee
    talked about the budget' or 'She was asked about her plans' the reported content is
    the topic, without its preposition (which goes with the cue). A topic with a
    reporting verb of its own ('asked about the remarks he made when he claimed that
    ...') is left to that verb's report, which it would otherwise swallow."""
    doc = ctx.doc
    out = []
    for x in doc.children(v, "obl"):
        case = [k.i for k in doc.children(x.i, "case")]
        if len(case) == 1 and ctx.tokens[case[0]].text.lower() == "about" and _small(ctx, x.i) \
                and not _holds_verb(ctx, doc.subtree(x.i)) and ctx.tokens[x.i].upos != "PRON":
            out.append(without_case(ctx, x.i, case[0]))  # ('asked about it' says nothing of its own)
    return out


def raised(ctx: Context, v: int) -> List[List[int]]:
    """The subject of a verb of seeming with its complement ('Lee appears to be
    winning'); not when the complement holds a report of its own, which it would swallow."""
    doc = ctx.doc
    subjects = [s for s in doc.children(v, "nsubj") if ctx.outside(s.i) and _small(ctx, s.i)
                and s.text.lower() not in ("it", "which", "that", "who", "what")]  # (a relative only points)
    out = []
    for x in doc.children(v, "xcomp"):
        toks = doc.subtree(x.i)
        if subjects and _small(ctx, x.i) and not _holds_verb(ctx, toks):
            out.append(ctx.trim(sorted(set(doc.subtree(subjects[0].i)) | set(toks))))
    for c in doc.children(v, "ccomp"):  # "It appears that the fleet is too old"
        if _small(ctx, c.i) and not _holds_verb(ctx, doc.subtree(c.i)):
            out.append(clause(ctx, c.i))
    return out


def _holds_verb(ctx: Context, toks: List[int]) -> bool:
    """Does one of ``toks`` have a lexicon entry (a report of its own the content would swallow)?"""
    return any(ctx.verb(k) is not None for k in toks)


def passive_object(ctx: Context, v: int) -> List[List[int]]:
    """The subject of a passive verb whose object is what it reports: 'The tentative
    deal was announced on Friday' reports the deal (a pronoun, relative or not, would
    only point at it)."""
    return [ctx.trim(ctx.doc.subtree(s.i), min_words=1) for s in ctx.doc.children(v, "nsubj")
            if s.deprel in ("nsubj:pass", "nsubjpass") and s.upos != "PRON" and ctx.outside(s.i) and _small(ctx, s.i)]


def parataxis_report(ctx: Context, v: int) -> List[List[int]]:
    """'..., he said.' reports what comes before it; a verb set off by commas ('Since
    then, she said, prices have fallen') the whole clause around it."""
    tokens = ctx.tokens
    t = tokens[v]
    if t.rel == "parataxis" and t.head >= 0 and ctx.outside(t.head) and _small(ctx, t.head) \
            and subject(ctx, v) is not None:
        end = ctx.extent(v)[1]
        aside = tokens[end].text == "," or end + 1 < len(tokens) and tokens[end + 1].text == ","
        if aside or tokens[t.head].start < t.start:
            return [host_clause(ctx, v, before_only=not aside)]
    return []


def _without_aside(ctx: Context, content: List[int]) -> List[int]:
    """The content less a trailing contrast ('while', 'though', ...) set off by a comma
    or a dash, which the parse hangs inside the report but which is the writer's ('Lee
    vowed to cut the fare, while her rival called for a freeze'). Other adverbial
    clauses stay: cutting every one after a comma lost as many reports as it mended on
    PolNeAR train."""
    tokens = ctx.tokens
    inside = set(content)
    for root in [k for k in content if tokens[k].head not in inside]:
        for c in ctx.doc.children(root, "advcl"):
            if not any(m.text.lower() in _CONTRAST for m in ctx.doc.children(c.i, "mark")):
                continue
            first, last, _ = ctx.extent(c.i)
            sep = first if _is_break(tokens[first].text) else first - 1  # (the comma may hang on either)
            if last == content[-1] and sep in inside and sep > root and ctx.outside(sep) \
                    and _is_break(tokens[sep].text):
                cut = ctx.trim([k for k in content if k < sep])
                if cut and not cuts_a_quote(ctx, sep, last):
                    return cut
    return content


def _is_break(text: str) -> bool:
    return text == "," or text in DASHES


def _small(ctx: Context, head: int) -> bool:
    """Is the subtree of ``head`` short enough to be one report?"""
    return ctx.extent(head)[2] <= MAX_REPORT_TOKENS
