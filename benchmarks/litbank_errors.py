"""Sort quoteattr's LitBank attribution errors into categories and simulate fixes.

    python benchmarks/litbank_errors.py [--data ../shared/litbank] [--examples N] [--json OUT]

Runs the LitBank benchmark (``benchmarks/litbank.py``), then for every gold quote that
is not found with a right speaker decides what went wrong, from the gold, the text and
the spaCy parse (no system internals): a line is a paragraph holding gold quotes; a
*quote-only* line has nothing outside its quotation marks; a *beat* has narration but
no reporting verb; a *framed* line has a reporting verb (from quoteattr's lexicon)
outside its quotes. A *conversation* is a run of consecutive lines.

Each error gets one primary category (the first that applies, in the order of
``CATEGORIES``), so the shares add up to 100; cross-cutting features (single quotation
marks, vocatives, a first-person narrator speaking, pronoun speakers, paragraphs that
continue an unclosed quote) are counted separately, since they overlap the rest. A
category's *ceiling* is the score if every one of its errors were right.

Each proposed mechanism is then *simulated*: the system's output is edited as the
mechanism would edit it (speakers replaced by the nearest mention of the predicted
entity, dropped quotes restored over their gold span) and scored again with the real
scorer, so every gain is measured with the metric. Mechanisms only fill *open slots*:
quotes we give no speaker or a speaker from another paragraph. What the simulations
borrow from the gold: which spans are quotes (for restored quotes), and, except in
the runs marked "without gold coreference", which mentions belong to one entity (to
tell two anchors apart and to link a vocative name to a speaker). Run A uses gold
speakers as anchors and bounds the turn-taking design from above.

This is an analysis tool: its figures feed docs/fiction.md.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import litbank as lb  # noqa: E402
from benchmarks.polnear import Run, short  # noqa: E402
from benchmarks.scoring import DocResult, Interval  # noqa: E402

#: Words that stand for a first-person narrator outside quotes.
NARRATOR = {"i", "me", "my", "myself", "mine"}
PERSONAL = {"i", "he", "she", "we", "they"}
PRONOUNS = NARRATOR | {"he", "she", "him", "her", "his", "hers", "himself", "herself",
                       "they", "them", "their", "we", "us", "our", "you", "your", "it"}
#: Opening characters that make a quote a dialogue-dash line.
DASH_OPENERS = ("\u2014", "--", "\u2013")

CATEGORIES = (
    ("dash dialogue", "missed: a line of a paragraph opened by a dash (em dash or '--'), "
                      "no marks"),
    ("dropped line", "missed: marks found, but no quote returned over them (mostly "
                     "lines of one to three words that fail the speech test)"),
    ("other mark miss", "missed: marks paired wrongly, quote inside narration, italics"),
    ("turn-taking", "found: a quote-only paragraph (no narration, no reporting verb)"),
    ("beat", "found: a paragraph with narration but no reporting verb"),
    ("inverted frame", "found: '\"...,\" said she / cried Mara / answered the ferryman'"),
    ("unframed in framed", "found: the paragraph's reporting verb frames another quote; this "
                           "one has no speaker or one from another paragraph"),
    ("framed, wrong", "found: a speaker from a frame in the paragraph, but the wrong one "
                      "(parse errors, 'a voice', 'I heard X say')"),
)


# --------------------------------------------------------------------------- data


@dataclass
class GoldQuote:
    """One gold quote with what the analysis knows about it."""

    doc_id: str
    index: int
    start: int
    end: int
    entity: str
    name: str
    paragraph: int
    line: "Line"
    status: Optional[str] = None  # None (right), "missed", "no speaker", "wrong speaker"
    rule: Optional[str] = None
    ours: Optional[Any] = None  # our speaker span on the best match
    opener: str = ""
    features: Set[str] = field(default_factory=set)
    category: Optional[str] = None


@dataclass
class Line:
    """A paragraph holding gold quotes."""

    doc_id: str
    paragraph: int
    span: Interval
    kind: str = "framed"  # quote-only, beat or framed
    quotes: List[GoldQuote] = field(default_factory=list)
    conversation: int = -1
    position: int = 0  # index in its conversation

    @property
    def entity(self) -> str:
        """The line's speaker: that of its first gold quote."""
        return self.quotes[0].entity


@dataclass
class Doc:
    """Everything the analysis reads about one excerpt."""

    excerpt: lb.Excerpt
    parse: Any  # spaCy Doc
    run: Run
    result: DocResult
    paragraphs: List[Interval]
    mentions: Dict[str, List[Interval]]  # entity -> all its mentions
    quotes: List[GoldQuote] = field(default_factory=list)
    lines: List[Line] = field(default_factory=list)
    conversations: List[List[Line]] = field(default_factory=list)
    in_quote: bytearray = field(default_factory=bytearray)  # 1 inside a gold quote or its marks

    @property
    def text(self) -> str:
        return self.excerpt.text

    def entity_of(self, span: Any) -> Optional[str]:
        """The speaking entity one of whose mentions the span overlaps most, if any."""
        if span is None:
            return None
        start = getattr(span, "start_char", span.start)  # a spaCy span counts tokens
        end = getattr(span, "end_char", span.end)
        best, best_ov = None, 0
        for entity, mentions in self.mentions.items():
            ov = max((min(end, e) - max(start, s) for s, e in mentions), default=0)
            if ov > best_ov:
                best, best_ov = entity, ov
        return best

    def mention_near(self, entity: str, offset: int) -> Optional[Interval]:
        return lb.nearest_mention(self.mentions.get(entity, ()), offset)


def load(data: Path) -> Tuple[List[Doc], Any]:
    """Run and score the benchmark, then gather the gold, parse and output per excerpt."""
    import spacy
    from spacy.tokens import DocBin

    args = lb.parse_args(["--data", str(data)])
    runs, results, _ = lb.evaluate(args)
    excerpts = lb.load_excerpts(data / lb.GOLD_FILE)
    parses = {d.user_data["doc_id"]: d for d in
              DocBin().from_disk(data / lb.DOCBIN_FILE).get_docs(spacy.blank("en").vocab)}
    docs = []
    for run, result in zip(runs, results):
        ex = excerpts[run.doc_id]
        mentions: Dict[str, List[Interval]] = defaultdict(list)
        for q in ex.quotes:
            if q["speaker_entity"] not in mentions:
                mentions[q["speaker_entity"]] = sorted(tuple(m) for m in q["speaker_mentions"])
        docs.append(Doc(ex, parses[run.doc_id], run, result, lb.paragraphs(ex.text),
                        dict(mentions)))
    return docs, lb.figures(results)


# --------------------------------------------------------------------------- features


def opener(text: str, start: int) -> str:
    """The mark (or dash) just before a gold quote's content: the quoting style."""
    for dash in DASH_OPENERS:
        if text[max(0, start - len(dash) - 1):start].strip().endswith(dash):
            return "dash"
    before = text[start - 1:start] if start else ""
    if before in "\u201c\"":
        return "double"
    if before in "\u2018'\u2019`":
        return "single"
    return "none"


@functools.lru_cache(maxsize=None)
def lexicon() -> Any:
    """quoteattr's reporting verbs."""
    from quoteattr.lexicon import Lexicon

    return Lexicon.default()


def reporting_verbs(doc: Doc, span: Interval) -> List[Any]:
    """Tokens of the span outside gold quotes that are verbs of quoteattr's lexicon."""
    return [t for t in doc.parse.char_span(*span, alignment_mode="expand") or ()
            if not doc.in_quote[t.idx] and t.pos_ in ("VERB", "AUX")
            and t.lemma_.lower() in lexicon()]


def build(doc: Doc) -> None:
    """Fill in the doc's gold quotes, lines, conversations and error statuses."""
    text, ex = doc.text, doc.excerpt
    doc.in_quote = bytearray(len(text))
    for q in ex.quotes:
        for i in range(max(0, q["start"] - 2), min(len(text), q["end"] + 2)):
            doc.in_quote[i] = 1
    lines: Dict[int, Line] = {}
    for gi, (q, g) in enumerate(zip(ex.quotes, doc.result.golds)):
        p = lb.paragraph_index(doc.paragraphs, q["start"])
        line = lines.setdefault(p, Line(ex.doc_id, p, doc.paragraphs[p]))
        gq = GoldQuote(ex.doc_id, gi, q["start"], q["end"], q["speaker_entity"],
                       q["speaker_name"], p, line, opener=opener(text, q["start"]))
        best = lb.best_match(doc.result, g)
        gq.status = lb.error_kind(doc.result, g)
        gq.rule = best.rule if best and g.found else None
        gq.ours = best.quote.speaker if best and g.found else None
        line.quotes.append(gq)
        doc.quotes.append(gq)
    doc.lines = [lines[p] for p in sorted(lines)]
    for line in doc.lines:
        s, e = line.span
        outside = "".join(ch for i, ch in enumerate(text[s:e], s) if not doc.in_quote[i])
        if not any(ch.isalnum() for ch in outside):
            line.kind = "quote-only"
        elif not reporting_verbs(doc, line.span):
            line.kind = "beat"
    for line in doc.lines:
        prev = doc.conversations[-1][-1] if doc.conversations else None
        if prev is None or prev.paragraph != line.paragraph - 1:
            doc.conversations.append([])
        line.conversation, line.position = len(doc.conversations) - 1, len(doc.conversations[-1])
        doc.conversations[-1].append(line)


def inverted_subject(doc: Doc, q: GoldQuote) -> Optional[Any]:
    """The subject of a reporting verb placed right after the quote, before its subject
    ('"...," said she', '"...!" cried the ferryman'), as a spaCy span."""
    text = doc.text
    k = q.end
    while k < len(text) and (text[k] in lb.LITBANK_TRIM or text[k].isspace()):
        k += 1
    skipped = text[q.end:k]
    if "\n\n" in skipped.replace(" ", "") or any(ch in "\u201c\u2018" for ch in skipped) \
            or sum(ch in "\"'" for ch in skipped) > 1:
        return None  # another paragraph or another quote
    tokens = doc.parse.char_span(k, min(len(text), k + 60), alignment_mode="expand")
    if tokens is None or len(tokens) < 2:
        return None
    verb = tokens[0]
    if verb.lemma_.lower() not in lexicon() or verb.pos_ not in ("VERB", "AUX"):
        return None
    after = tokens[1]
    if after.pos_ not in ("PRON", "PROPN", "DET", "NOUN", "ADJ", "NUM"):
        return None
    if after.pos_ == "PRON" and after.lower_ not in PRONOUNS - {"it", "you"}:
        return None
    # the noun phrase: the subject the parser gives the verb, else the words up to the
    # first punctuation mark
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i > verb.i:
            return doc.parse[child.left_edge.i:child.i + 1]
    end = after.i
    while end + 1 < len(doc.parse) and doc.parse[end + 1].pos_ in ("PROPN", "NOUN", "ADJ") \
            and end + 1 - after.i < 4:
        end += 1
    return doc.parse[after.i:end + 1]


def vocative_entities(doc: Doc, q: GoldQuote) -> Set[str]:
    """Entities addressed by name in the quote: a proper noun set off by commas or the
    quote's edges ('Jo, come here.', 'Not now, Mr. Pell.'), mapped through gold mentions."""
    span = doc.parse.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return set()
    names: Set[str] = set()
    toks = list(span)
    i = 0
    while i < len(toks):
        if toks[i].pos_ != "PROPN":
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and toks[j + 1].pos_ == "PROPN":
            j += 1
        left = toks[i - 1].text if i > 0 else ""
        right = toks[j + 1].text if j + 1 < len(toks) else ""
        before_ok = i == 0 or left in (",", "!", "?", ".", ";") or \
            (i >= 2 and toks[i - 2].text == "," and left.istitle() and left.endswith("."))
        if before_ok and right in ("", ",", "!", "?", ".", ";"):
            names.add(" ".join(t.text for t in toks[i:j + 1]).lower())
        i = j + 1
    found = set()
    for entity, mentions in doc.mentions.items():
        texts = {doc.text[s:e].lower() for s, e in mentions}
        words = {w for t in texts for w in t.split() if w[:1].isalpha()}
        if any(n in texts or set(n.split()) <= words and n not in PRONOUNS for n in names):
            found.add(entity)
    return found


def features(doc: Doc, q: GoldQuote) -> None:
    text = doc.text
    if q.opener == "single":
        q.features.add("single quotation marks")
    if q.opener == "dash":
        q.features.add("dash dialogue")
    if vocative_entities(doc, q):
        q.features.add("vocative in the quote")
    prev = _previous_line(doc, q.line)
    if prev is not None and any(vocative_entities(doc, p) - {prev.entity} for p in prev.quotes):
        q.features.add("vocative in the line before")
    if any(text[s:e].lower() in NARRATOR for s, e in doc.mentions.get(q.entity, ())):
        q.features.add("narrator speaks ('I')")
    if q.ours is not None and q.ours.text.lower() in PRONOUNS:
        q.features.add("our speaker is a pronoun")
    if q.status == "wrong speaker" and q.ours is not None and not _same_paragraph(doc, q):
        q.features.add("our speaker is in another paragraph")
    if prev is not None and _unclosed(doc, prev):
        q.features.add("continues an unclosed quote")
    if "\n\n" in text[q.start:q.end]:
        q.features.add("spans paragraphs")
    if inverted_subject(doc, q) is not None:
        q.features.add("inverted frame")


def _previous_line(doc: Doc, line: Line) -> Optional[Line]:
    conv = doc.conversations[line.conversation]
    return conv[line.position - 1] if line.position else None


def _same_paragraph(doc: Doc, q: GoldQuote) -> bool:
    s, e = doc.paragraphs[q.paragraph]
    return q.ours is not None and s <= q.ours.start < e


def _framed_here(doc: Doc, q: GoldQuote) -> bool:
    """We gave the quote a speaker from its own paragraph, whichever sieve did (the
    sieves' names change as the chain grows; where the speaker is does not)."""
    return q.ours is not None and _same_paragraph(doc, q)


def _unclosed(doc: Doc, line: Line) -> bool:
    """The line's last quote runs to the paragraph end with no closing mark."""
    last = line.quotes[-1]
    rest = doc.text[last.end:line.span[1]]
    return not rest.strip() or all(ch in ",.;:!?-\u2014 \n" for ch in rest)


def categorize(doc: Doc, q: GoldQuote) -> Optional[str]:
    if q.status is None:
        return None
    if q.status == "missed":
        if q.opener == "dash" or _dash_paragraph(doc, q.line):
            return "dash dialogue"
        if _dropped(doc, q):
            return "dropped line"
        return "other mark miss"
    if q.line.kind == "quote-only":
        return "turn-taking"
    if q.line.kind == "beat":
        return "beat"
    if "inverted frame" in q.features:
        return "inverted frame"
    return "unframed in framed" if open_slot(doc, q) else "framed, wrong"


def _dash_paragraph(doc: Doc, line: Line) -> bool:
    """The paragraph opens with a dialogue dash."""
    return doc.text[line.span[0]:line.span[1]].lstrip().startswith(DASH_OPENERS)


def _dropped(doc: Doc, q: GoldQuote) -> bool:
    """Marks around the gold quote were found, but the output has nothing over it."""
    from quoteattr import find_quotes

    spans = _marks(doc, find_quotes)
    covered = any(2 * max(0, min(q.end, m.content_end) - max(q.start, m.content_start))
                  >= q.end - q.start for m in spans)
    overlapped = any(x.start < q.end and x.end > q.start for x in doc.run.quotes)
    return covered and not overlapped


_MARKS: Dict[str, List[Any]] = {}


def _marks(doc: Doc, find: Callable[[str], List[Any]]) -> List[Any]:
    key = doc.excerpt.doc_id
    if key not in _MARKS:
        _MARKS[key] = find(doc.text)
    return _MARKS[key]


# --------------------------------------------------------------------------- simulation


#: A gold quote: (doc id, index in the excerpt's quotes).
Key = Tuple[str, int]
#: A prediction: gold quote -> entity (None: no speaker).
Predict = Callable[[Doc, GoldQuote], Tuple[bool, Optional[str]]]


def rescore(docs: Sequence[Doc], predict: Predict,
            restore: Callable[[Doc, GoldQuote], bool]) -> Tuple[Dict[str, Any], Set[Key]]:
    """Score the output after a mechanism: ``predict`` says for a gold quote whether the
    mechanism applies and which entity speaks; the matching system quotes get the
    nearest mention of that entity as speaker (or none). ``restore`` says which missed
    gold quotes the mechanism would find; they come back over their gold span.
    Returns the figures and the gold quotes then found with a right speaker."""
    from quoteattr.model import Quote, Speaker

    def speaker(doc: Doc, entity: Optional[str], near: int) -> Optional[Any]:
        m = doc.mention_near(entity, near) if entity else None
        return Speaker(m[0], m[1], doc.text[m[0]:m[1]]) if m else None

    runs, excerpts = [], {}
    for doc in docs:
        text = doc.text
        change: Dict[int, Optional[Any]] = {}  # id(system quote) -> new speaker
        added = []
        for q in doc.quotes:
            applies, entity = predict(doc, q)
            g = doc.result.golds[q.index]
            if q.status == "missed" and restore(doc, q):
                spk = speaker(doc, entity, q.start) if applies else None
                added.append(Quote(q.start, q.end, text[q.start:q.end], "direct", speaker=spk,
                                   rule="simulated"))
            elif applies and g.matches:
                for i in g.matches:
                    change[id(doc.result.quotes[i].quote)] = speaker(doc, entity, q.start)
        quotes = [x if id(x) not in change else
                  Quote(x.start, x.end, x.text, x.kind, speaker=change[id(x)], rule=x.rule)
                  for x in lb.scored_quotes(doc.run.quotes)]
        runs.append(Run(doc.excerpt.doc_id, text, quotes + added))
        excerpts[doc.excerpt.doc_id] = doc.excerpt
    results = lb.score_runs(excerpts, runs)
    right = {(d.doc_id, i) for d in results for i, g in enumerate(d.golds)
             if lb.speaker_right(d, g)}
    return lb.figures(results), right


def open_slot(doc: Doc, q: GoldQuote) -> bool:
    """A quote a conversation mechanism may attribute: we give it no speaker, or one
    from another paragraph (the news rule that a quote paragraph continues the last
    speaker). Speakers framed in the quote's own paragraph are kept."""
    return q.ours is None or not _same_paragraph(doc, q)


def narration_subject(doc: Doc, paragraph: int, last: bool = False) -> Optional[Any]:
    """The first (or last) person-like subject of a clause outside quotes in the
    paragraph, as a spaCy span: a personal pronoun, a name or a noun phrase."""
    span = doc.parse.char_span(*doc.paragraphs[paragraph], alignment_mode="expand")
    subjects = [t for t in span or () if not doc.in_quote[t.idx]
                and t.dep_ in ("nsubj", "nsubjpass")
                and (t.lower_ in PERSONAL or t.pos_ in ("PROPN", "NOUN"))]
    if not subjects:
        return None
    t = subjects[-1] if last else subjects[0]
    return doc.parse[t.left_edge.i:t.i + 1]


def entity_or_unknown(doc: Doc, span: Optional[Any]) -> Optional[str]:
    """The speaking entity a span names; ``"?text"`` when it names none (a wrong guess)."""
    if span is None:
        return None
    return doc.entity_of(span) or f"?{span.text}"


def near_subject(doc: Doc, q: GoldQuote) -> Optional[Any]:
    """The person-like subject outside quotes nearest the quote in its paragraph
    (before it on a tie), as a spaCy span: the actor of an adjacent action sentence."""
    span = doc.parse.char_span(*doc.paragraphs[q.paragraph], alignment_mode="expand")
    best, best_key = None, None
    for t in span or ():
        if doc.in_quote[t.idx] or t.dep_ not in ("nsubj", "nsubjpass") or \
                not (t.lower_ in PERSONAL or t.pos_ in ("PROPN", "NOUN")):
            continue
        key = (q.start - t.idx, 0) if t.idx < q.start else (t.idx - q.end, 1)
        if best_key is None or key < best_key:
            best, best_key = doc.parse[t.left_edge.i:t.i + 1], key
    return best


def beat_guess(doc: Doc, line: Line) -> Optional[str]:
    """A beat is spoken by the subject of its first narration clause."""
    return entity_or_unknown(doc, narration_subject(doc, line.paragraph))


def start_guess(doc: Doc, line: Line) -> Optional[str]:
    """A quote-only line opening a conversation is spoken by the last subject of the
    narration paragraph before it ('At last the keeper spoke:' / 'Mara set down her cup.')."""
    if line.position or not line.paragraph:
        return None
    return entity_or_unknown(doc, narration_subject(doc, line.paragraph - 1, last=True))


def frame_guess(doc: Doc, line: Line) -> Optional[str]:
    """The subject of the first reporting verb outside quotes in the line's paragraph:
    what the syntax sieve would give a quote it had not dropped."""
    for verb in reporting_verbs(doc, line.span):
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return entity_or_unknown(doc, doc.parse[c.left_edge.i:c.i + 1])
    return None


def frame_anchor(doc: Doc, line: Line) -> Optional[str]:
    """The entity of our speaker on a line whose speaker came from a frame in the same
    paragraph (a speaker naming no speaking entity is a wrong one, kept as such)."""
    for q in line.quotes:
        if _framed_here(doc, q):
            return entity_or_unknown(doc, q.ours)
    return None


def system_anchor(doc: Doc, line: Line) -> Optional[str]:
    """Every anchor quoteattr could set from its own output and the parse: frames,
    beats, and the narration before a conversation's first line."""
    who = frame_anchor(doc, line)
    if who is None and line.kind == "beat":
        who = beat_guess(doc, line)
    if who is None and line.kind == "quote-only":
        who = start_guess(doc, line)
    return who


def own_identity_anchor(doc: Doc, line: Line) -> Optional[Tuple[str, Optional[str]]]:
    """The anchors of :func:`system_anchor` told apart without gold coreference: by our
    resolved speaker name (``Speaker.entity``, else its text) for frames, by the words of
    the subject for beats and conversation starts. Returns (label, entity of the span)."""
    for q in line.quotes:
        if _framed_here(doc, q):
            return _label(q.ours.entity or q.ours.text), entity_or_unknown(doc, q.ours)
    subj = None
    if line.kind == "beat":
        subj = narration_subject(doc, line.paragraph)
    elif line.kind == "quote-only" and not line.position and line.paragraph:
        subj = narration_subject(doc, line.paragraph - 1, last=True)
    return (_label(subj.text), entity_or_unknown(doc, subj)) if subj is not None else None


def _label(name: str) -> str:
    return " ".join(name.lower().split())


def gold_anchor(doc: Doc, line: Line) -> Optional[str]:
    """Upper bound of C: every framed line and beat knows its gold speaker; a
    conversation's first quote-only line is guessed from the narration as in C."""
    return line.entity if line.kind != "quote-only" else start_guess(doc, line)


def named_before(doc: Doc, line: Line) -> Optional[str]:
    """The one speaking entity the line before addresses by name, if exactly one."""
    prev = _previous_line(doc, line)
    if prev is None:
        return None
    named = set().union(*(vocative_entities(doc, q) for q in prev.quotes))
    named.discard(frame_anchor(doc, prev))
    return next(iter(named)) if len(named) == 1 else None


def alternation(anchor: Callable[[Doc, Line], Optional[str]], vocatives: bool = False
                ) -> Callable[[Doc, Line], Optional[str]]:
    """Turn-taking: a line takes its own anchor when it has one; else the speaker of the
    nearest anchored line of its conversation when an even number of lines away, and
    the other participant when odd: the nearest anchored speaker of the conversation
    different from the anchor's (looking back first, then ahead). With ``vocatives``, a
    line answering a quote that names one speaking entity is that entity's when the
    alternation has no guess.

    An anchor is an entity, or a pair (label, entity) when speakers are told apart by
    label rather than by gold entity."""

    def pair(found: Any) -> Optional[Tuple[str, Optional[str]]]:
        return found if found is None or isinstance(found, tuple) else (found, found)

    def guess(doc: Doc, line: Line) -> Optional[str]:
        own = pair(anchor(doc, line))
        if own is not None:
            return own[1]
        conv = doc.conversations[line.conversation]
        anchored = [(x.position, pair(anchor(doc, x))) for x in conv if x is not line]
        anchored = [(p, a) for p, a in anchored if a is not None]
        who = None
        if anchored:
            pos = line.position
            p, near = min(anchored, key=lambda pa: (abs(pa[0] - pos), pa[0] > pos))
            if (pos - p) % 2 == 0:
                who = near[1]
            else:  # the nearest anchor with another label: told apart by label
                others = [(abs(q - p), q > p, a[1]) for q, a in anchored if a[0] != near[0]]
                who = min(others)[2] if others else None
        if who is None and vocatives:
            who = named_before(doc, line)
        return who

    return guess


# --------------------------------------------------------------------------- report


def simulations(docs: Sequence[Doc]) -> List[Dict[str, Any]]:
    """Each mechanism applied to the output and scored again; the first row is today's."""

    def on(kinds: Set[str], guess: Callable[[Doc, Line], Optional[str]]) -> Predict:
        """Apply a line-level guess to the open slots of lines of these kinds."""
        def predict(doc: Doc, q: GoldQuote) -> Tuple[bool, Optional[str]]:
            if q.line.kind not in kinds or not open_slot(doc, q):
                return False, None
            who = guess(doc, q.line)
            return who is not None, who
        return predict

    def inverted(doc: Doc, q: GoldQuote) -> Tuple[bool, Optional[str]]:
        subj = inverted_subject(doc, q) if open_slot(doc, q) else None
        return subj is not None, entity_or_unknown(doc, subj)

    def dash_line(doc: Doc, q: GoldQuote) -> Tuple[bool, Optional[str]]:
        """A dash line: the subject of a reporting verb in its paragraph, else turn-taking."""
        if q.category != "dash dialogue":
            return False, None
        who = frame_guess(doc, q.line) or turns(doc, q.line)
        return who is not None, who

    def restored_framed(doc: Doc, q: GoldQuote) -> Tuple[bool, Optional[str]]:
        """A restored short line in a framed paragraph gets the paragraph's frame."""
        if q.category != "dropped line" or q.line.kind != "framed":
            return False, None
        who = frame_guess(doc, q.line)
        return who is not None, who

    def first(*predicts: Predict) -> Predict:
        def predict(doc: Doc, q: GoldQuote) -> Tuple[bool, Optional[str]]:
            for p in predicts:
                applies, who = p(doc, q)
                if applies:
                    return True, who
            return False, None
        return predict

    def nearest(doc: Doc, q: GoldQuote) -> Tuple[bool, Optional[str]]:
        if q.line.kind == "quote-only" or not open_slot(doc, q):
            return False, None
        who = entity_or_unknown(doc, near_subject(doc, q))
        return who is not None, who

    def dropped(doc: Doc, q: GoldQuote) -> bool:
        return q.category == "dropped line"

    def dashes(doc: Doc, q: GoldQuote) -> bool:
        return q.category == "dash dialogue"

    def nothing(doc: Doc, q: GoldQuote) -> bool:
        return False

    never: Predict = lambda d, q: (False, None)  # noqa: E731
    turns = alternation(system_anchor, vocatives=True)
    own_turns = alternation(own_identity_anchor, vocatives=True)
    quote_only = {"quote-only"}
    sims: List[Tuple[str, str, Predict, Callable[[Doc, GoldQuote], bool]]] = [
        ("now", "quoteattr as it is", never, nothing),
        ("A. turn-taking, gold anchors (bound of C)",
         "C with the gold speakers of every framed line and beat as anchors",
         on(quote_only, alternation(gold_anchor)), nothing),
        ("B. turn-taking, frame anchors",
         "quote-only lines alternate between our speakers of framed lines",
         on(quote_only, alternation(frame_anchor)), nothing),
        ("C. turn-taking, all system anchors",
         "B, with beats (subject of the first narration clause) and conversation starts "
         "(last subject of the narration before) as anchors too",
         on(quote_only, alternation(system_anchor)), nothing),
        ("C*. C without gold coreference",
         "C, with anchors told apart by our own speaker names (see own_identity_anchor)",
         on(quote_only, alternation(own_identity_anchor)), nothing),
        ("D. C + vocatives",
         "C; where it has no guess, a line answering a quote that names someone is theirs",
         on(quote_only, turns), nothing),
        ("E. short lines kept",
         "quote-only paragraphs are speech however short (no speaker given)", never, dropped),
        ("F. short lines kept + D", "E, attributed by D (quote-only lines) or the "
         "paragraph's reporting verb (framed lines)",
         first(restored_framed, on(quote_only, turns)), dropped),
        ("G. beats", "a beat is spoken by the subject of its first narration clause",
         on({"beat"}, beat_guess), nothing),
        ("G2. nearest narration subject",
         "a quote with an open slot in a beat or framed paragraph is spoken by the subject "
         "nearest it outside quotes in the paragraph",
         nearest, nothing),
        ("H. inverted frames", "'\"...,\" said she': the noun phrase after the verb speaks",
         inverted, nothing),
        ("I. dash dialogue", "a paragraph opened by a dash is a quote; speaker from a "
         "reporting verb in it, else D", dash_line, dashes),
        ("J. all (D, F, G2, H, I), system anchors", "short lines, dash lines, inverted "
         "frames, nearest narration subjects and turn-taking with vocatives together",
         first(dash_line, restored_framed, inverted, nearest, on(quote_only, turns)),
         lambda d, q: dropped(d, q) or dashes(d, q)),
        ("J*. J without gold coreference", "J with the turn-taking of C* (vocatives still "
         "linked to speakers through the gold mentions)",
         first(dash_line, restored_framed, inverted, nearest, on(quote_only, own_turns)),
         lambda d, q: dropped(d, q) or dashes(d, q)),
    ]
    errors = {(q.doc_id, q.index): q.category for d in docs for q in d.quotes if q.status}
    out = []
    for name, what, predict, restore in sims:
        fig, right = rescore(docs, predict, restore)
        fixed = Counter(errors[k] for k in right if k in errors)
        broken = sum(1 for d in docs for q in d.quotes
                     if not q.status and (q.doc_id, q.index) not in right)
        out.append({"mechanism": name, "what": what, **fig["metrics"], "counts": fig["counts"],
                    "fixed": dict(fixed), "broken": broken,
                    "_right": right})
    return out


def ceilings(docs: Sequence[Doc]) -> Dict[str, Dict[str, float]]:
    """Per category: the figures if every error of it were found with a right speaker."""
    out = {}
    for category, _ in CATEGORIES:
        def predict(doc: Doc, q: GoldQuote, c: str = category) -> Tuple[bool, Optional[str]]:
            return q.category == c, q.entity

        def restore(doc: Doc, q: GoldQuote, c: str = category) -> bool:
            return q.category == c
        fig, _ = rescore(docs, predict, restore)
        out[category] = {k: fig["metrics"][k]
                         for k in ("quote_f1", "attribution_f1", "speaker_accuracy")}
    return out


def pronoun_resolution(docs: Sequence[Doc]) -> Dict[str, int]:
    """For quotes found with a right speaker that is a third-person pronoun: does our
    ``Speaker.entity`` name the gold entity? Approximate: right when a content word of
    our name (titles left out) occurs in a gold mention or the gold name."""
    titles = {"mr", "mrs", "miss", "dr", "sir", "lady", "lord", "the", "master", "uncle",
              "aunt", "captain", "old", "young", "little"}

    def words(name: str) -> Set[str]:
        return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\u2019-]+", name)}

    out: Counter = Counter()
    for doc in docs:
        for q in doc.quotes:
            if q.status or q.ours is None or q.ours.text.lower() not in PRONOUNS - NARRATOR:
                continue
            name = q.ours.entity
            if not name or name.lower() == q.ours.text.lower():
                out["unresolved"] += 1
                continue
            gold = words(q.name) | words(q.entity.replace("_", " "))
            for s, e in doc.mentions.get(q.entity, ()):
                gold |= words(doc.text[s:e])
            out["right name" if (words(name) - titles - PRONOUNS) & gold else "other name"] += 1
    return dict(out)


def line_accuracy(docs: Sequence[Doc], kind: str,
                  guess: Callable[[Doc, Line], Optional[str]]) -> Tuple[int, int, int]:
    """(lines of this kind, lines with a guess, lines guessed right)."""
    n = guessed = right = 0
    for doc in docs:
        for line in doc.lines:
            if line.kind != kind:
                continue
            n += 1
            who = guess(doc, line)
            guessed += who is not None
            right += who == line.entity
    return n, guessed, right


def analyse(data: Path) -> Dict[str, Any]:
    docs, now = load(data)
    for doc in docs:
        build(doc)
        for q in doc.quotes:
            features(doc, q)
            q.category = categorize(doc, q)
    errors = [q for d in docs for q in d.quotes if q.status]
    all_quotes = [q for d in docs for q in d.quotes]
    by_cat = Counter(q.category for q in errors)
    status = {c: Counter(q.status for q in errors if q.category == c) for c, _ in CATEGORIES}
    feats = Counter(f for q in errors for f in q.features)
    feats_all = Counter(f for q in all_quotes for f in q.features)
    lines = Counter(line.kind for d in docs for line in d.lines)
    quotes_by_kind = Counter(q.line.kind for q in all_quotes)
    errors_by_kind = Counter(q.line.kind for q in errors)
    conv = Counter(min(len(c), 6) for d in docs for c in d.conversations)
    sims, ceiling = simulations(docs), ceilings(docs)
    alt = {
        "two back (gold)": line_accuracy(docs, "quote-only", _two_back),
        "A. gold anchors": line_accuracy(docs, "quote-only", alternation(gold_anchor)),
        "B. frame anchors": line_accuracy(docs, "quote-only", alternation(frame_anchor)),
        "C. all system anchors": line_accuracy(docs, "quote-only",
                                               alternation(system_anchor)),
        "C*. C, own identity": line_accuracy(docs, "quote-only",
                                             alternation(own_identity_anchor)),
        "D. C + vocatives": line_accuracy(docs, "quote-only",
                                          alternation(system_anchor, vocatives=True)),
        "conversation start only": line_accuracy(docs, "quote-only", start_guess),
        "vocative only": line_accuracy(docs, "quote-only", named_before),
        "beats: first subject": line_accuracy(docs, "beat", beat_guess),
    }
    return {
        "now": now,
        "errors": len(errors),
        "status": dict(Counter(q.status for q in errors)),
        "categories": [{"category": c, "meaning": m, "count": by_cat[c],
                        "share": 100.0 * by_cat[c] / len(errors), "status": dict(status[c]),
                        "ceiling": ceiling[c]}
                       for c, m in CATEGORIES],
        "features": {f: {"errors": n, "gold": feats_all[f],
                         "fixed_by_last": sum(1 for q in errors if f in q.features
                                             and (q.doc_id, q.index) in sims[-1]["_right"])}
                     for f, n in feats.most_common()},
        "lines": dict(lines),
        "gold_by_line_kind": dict(quotes_by_kind),
        "errors_by_line_kind": dict(errors_by_kind),
        "conversation_lengths": {str(k) if k < 6 else "6+": v for k, v in sorted(conv.items())},
        "turn_taking_line_accuracy": {k: dict(zip(("lines", "guessed", "right"), v))
                                      for k, v in alt.items()},
        "dropped_lines": {
            "by_line_kind": dict(Counter(q.line.kind for q in errors
                                         if q.category == "dropped line")),
            "up_to_three_words": sum(1 for d in docs for q in d.quotes
                                     if q.category == "dropped line"
                                     and len(d.text[q.start:q.end].split()) <= 3),
        },
        "speakers_from_another_paragraph": dict(Counter(
            "right" if not q.status else "wrong" for d in docs for q in d.quotes
            if q.ours is not None and not _same_paragraph(d, q))),
        "pronoun_resolution": pronoun_resolution(docs),
        "simulations": [{k: v for k, v in x.items() if not k.startswith("_")} for x in sims],
        "_docs": docs,
    }


def _two_back(doc: Doc, line: Line) -> Optional[str]:
    """Pure alternation on gold: the speaker of the line two back (or two ahead)."""
    conv = doc.conversations[line.conversation]
    for p in (line.position - 2, line.position + 2):
        if 0 <= p < len(conv):
            return conv[p].entity
    return None


def print_report(report: Dict[str, Any], examples: int) -> None:
    m = report["now"]["metrics"]
    base_attr, base_acc = m["attribution_f1"], m["speaker_accuracy"]
    print(f"now: quote F1 {m['quote_f1']:.1f}, attribution F1 {base_attr:.1f}, "
          f"speaker accuracy {base_acc:.1f}")
    print(f"\n{report['errors']} gold quotes not found with a right speaker: "
          + ", ".join(f"{v} {k}" for k, v in sorted(report["status"].items())))
    print("\nceiling: the figures if every error of the category were right")
    print(f"{'category':22}{'count':>6}{'share':>7}{'ceil attr':>10}{'Δ':>6}{'ceil acc':>9}"
          f"{'Δ':>6}  statuses")
    for c in report["categories"]:
        st = ", ".join(f"{v} {k}" for k, v in sorted(c["status"].items()))
        ce = c["ceiling"]
        print(f"{c['category']:22}{c['count']:6d}{c['share']:6.1f}%"
              f"{ce['attribution_f1']:10.1f}{ce['attribution_f1'] - base_attr:+6.1f}"
              f"{ce['speaker_accuracy']:9.1f}{ce['speaker_accuracy'] - base_acc:+6.1f}  {st}")
    last = report["simulations"][-1]["mechanism"].split(".")[0]
    print(f"\n{'feature (overlapping)':38}{'errors':>7}{'of gold':>8}{'fixed by ' + last:>12}")
    for f, v in report["features"].items():
        print(f"{f:38}{v['errors']:7d}{v['gold']:8d}{v['fixed_by_last']:12d}")
    print(f"\nlines by kind: {report['lines']}")
    print(f"gold quotes by line kind: {report['gold_by_line_kind']}")
    print(f"errors by line kind: {report['errors_by_line_kind']}")
    print(f"conversation lengths (lines): {report['conversation_lengths']}")
    print("\nquote-only lines (beats last) right by each guess alone:")
    for k, v in report["turn_taking_line_accuracy"].items():
        print(f"  {k:26}{v['right']:4d} right of {v['lines']} lines, {v['guessed']} guessed "
              f"({100 * v['right'] / max(1, v['guessed']):.1f}% of guesses)")
    print(f"dropped lines: {report['dropped_lines']}")
    print(f"speakers taken from another paragraph: {report['speakers_from_another_paragraph']}")
    pr = report["pronoun_resolution"]
    print(f"\nright pronoun speakers (he/she/they...), our resolved name: {pr}")
    print("\nsimulated mechanisms (open slots only: no speaker, or one from another paragraph)")
    print(f"{'mechanism':40}{'quote F1':>9}{'attr F1':>8}{'Δ':>6}{'spk acc':>8}{'Δ':>6}"
          f"{'fixed':>7}{'broken':>7}")
    for x in report["simulations"]:
        print(f"{x['mechanism'][:39]:40}{x['quote_f1']:9.1f}{x['attribution_f1']:8.1f}"
              f"{x['attribution_f1'] - base_attr:+6.1f}{x['speaker_accuracy']:8.1f}"
              f"{x['speaker_accuracy'] - base_acc:+6.1f}"
              f"{sum(x['fixed'].values()):7d}{x['broken']:7d}")
    print("\nerrors fixed, by category:")
    for x in report["simulations"][1:]:
        print(f"  {x['mechanism'][:38]:40}" + ", ".join(
            f"{c} {n}" for c, n in sorted(x["fixed"].items(), key=lambda kv: -kv[1])))
    if examples:
        docs = report["_docs"]
        errors = [(d, q) for d in docs for q in d.quotes if q.status]
        for c, _ in CATEGORIES:
            some = [e for e in errors if e[1].category == c]
            random.Random(0).shuffle(some)
            print(f"\n== {c} ({len(some)}) ==")
            for doc, q in some[:examples]:
                ours = f"{q.ours.text!r}" if q.ours is not None else "-"
                print(f"- {q.doc_id} Q{q.index} {q.status} rule {q.rule} ours {ours} "
                      f"gold {q.name!r}; {sorted(q.features)}")
                s, e = doc.paragraphs[q.paragraph]
                print(f"    {short(doc.text[s:e], 240)!r}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=lb.DEFAULT_DATA,
                        help="LitBank folder (default: the nearest shared/litbank)")
    parser.add_argument("--examples", type=int, default=0, metavar="N",
                        help="print N errors of each category")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    args = parser.parse_args(argv)
    report = analyse(args.data)
    print_report(report, args.examples)
    if args.json:
        out = {k: v for k, v in report.items() if not k.startswith("_")}
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
