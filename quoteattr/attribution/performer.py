"""Who performs a reporting verb: subjects, passives, raising, participles.

:func:`subject` is the one question; the other functions are the ways a parse can hide
the answer. In "Officials, the agency added, will decide" the subject is plain; in
"The letter was signed by the governor" it is the agent; in "She declined to say"
it is the subject of the verb above; in "..., saying ..." it is the subject of the
verb the participle belongs to.
"""

from __future__ import annotations

from typing import Optional

from quoteattr.attribution.context import NOMINAL, Context

__all__ = ["subject", "goes_with", "participle_reporter"]

_RAISING = {"xcomp", "advcl", "conj", "ccomp"}
_NONFINITE = {"VBG", "VB", "VBN"}
_FINITE = ("VBD", "VBZ", "VBP")
_PASSIVE = ("nsubj:pass", "nsubjpass")


def subject(ctx: Context, v: int, depth: int = 0) -> Optional[int]:
    """The head token of whoever performs verb ``v``, following raising and passives.

    Subjects inside quotation marks never count: in ``"Nobody," he said`` the
    parser may make "Nobody" the subject of "said".
    """
    tokens = ctx.tokens
    if ctx.mistagged_present(v):  # 'as the website notes:' has its subject right before it
        return adjacent_noun(ctx, v)
    kids = [k for k in ctx.doc.children(v) if ctx.outside(k.i)]
    subjects = [k for k in kids if k.rel == "nsubj" and k.deprel not in _PASSIVE]
    # the subject nearest the verb, before it when there is one: in "On Monday at the
    # hearing, Senator Vale said" the parser may make "Monday" a subject too
    if depth == 0:
        subjects.sort(key=lambda k: (k.i > v, k.upos not in NOMINAL, abs(k.i - v)))
    if subjects and subjects[0].i > v and ctx.follows_quote(v):
        subjects = []  # '"...," said Jane Doe, before the vote': the words next to the verb
    for k in subjects[:1]:
        if k.text.lower() in ("that", "which") and depth < 3:
            found = publisher(ctx, v, depth)
            if found is not None:
                return found
        return k.i
    reporter = participle_reporter(ctx, v) if depth == 0 else None
    if reporter is not None:
        return subject(ctx, reporter, depth + 1)
    for k in kids:  # parsers label a subject they cannot place "dep"
        if k.rel == "dep" and k.i < v and k.upos in ("PROPN", "NOUN", "PRON"):
            return k.i
    passive = [k for k in kids if k.deprel in _PASSIVE and k.text.lower() != "it"]
    if passive and tokens[v].lemma in ("quote", "cite"):
        return passive[0].i  # "X was quoted (by the paper) as saying": X speaks
    for k in kids:
        if k.deprel in ("obl:agent", "obl", "nmod:agent") and any(
                c.deprel == "case" and c.text.lower() == "by" for c in ctx.doc.children(k.i)):
            return k.i
    if any(k.deprel in _PASSIVE for k in kids):
        # "a complaint was filed, alleging ...": the complaint alleges.
        # "It was reported that ...": nobody is named.
        return passive[0].i if passive and depth else None
    # '"...," said Jane Doe': the parser may take the speaker for an object
    if ctx.follows_quote(v):
        for k in kids:
            if k.rel in ("obj", "dep", "nmod", "obl", "nsubj") and k.i > v and k.upos in NOMINAL:
                return k.i
    head = tokens[v].head
    partner = goes_with(ctx, v) if depth == 0 else None
    if partner is not None:
        return subject(ctx, partner, depth + 1)
    if depth == 0 and tokens[v].xpos in _FINITE:
        before = adjacent_noun(ctx, v)
        if before is not None:  # '..., the 40-year-old baker replied, "..."'
            return before
    if depth < 3 and tokens[v].rel in _RAISING and head >= 0:
        if tokens[v].rel == "ccomp" and not ctx.is_cue(head):
            return None
        found = subject(ctx, head, depth + 1)
        if found is not None:
            return found
    if tokens[v].deprel == "acl" and tokens[v].xpos in _FINITE and 0 <= head < v:
        return head  # "The Daily Ledger asked, ...": a finite verb misread as a modifier
    if tokens[v].deprel == "acl" and tokens[v].xpos == "VBG" and head == v - 1 and tokens[head].upos == "PROPN":
        return head  # "the video shows Maria Ortiz asking ..."
    if tokens[v].deprel == "acl:relcl" and tokens[v].xpos in ("VBD", "VBZ") and head == v - 1 \
            and tokens[head].upos == "PROPN":
        return head  # "... — Tom Reyes criticized the plan ...": no relative clause without a pronoun
    coordinated = tokens[v].rel == "conj" or any(tokens[k].text == "and" for k in range(max(0, v - 3), v))
    if depth == 0 and (tokens[v].xpos in _NONFINITE or tokens[v].upos == "NOUN" or coordinated):
        # '"...," he said, adding that ...'; "went on to state"; "She urges ... and says"
        found = earlier_subject(ctx, v)
        if found is not None:
            return found
    if depth == 0:
        found = root_subject(ctx, v)
        return found if found is not None else name_before_aside(ctx, v)
    return None


def adjacent_noun(ctx: Context, v: int) -> Optional[int]:
    """The head of the noun phrase ending right before finite verb ``v`` that the
    parse left without a subject."""
    tokens = ctx.tokens
    k = v - 1
    if k < 0 or tokens[k].sent != tokens[v].sent or not ctx.outside(k) or tokens[k].upos not in NOMINAL:
        return None
    while tokens[k].rel in ("nmod", "compound", "flat", "nummod", "amod") and v - 8 < tokens[k].head < v:
        k = tokens[k].head
    return k


def name_before_aside(ctx: Context, v: int) -> Optional[int]:
    """'Rep. Ana Ruiz (D-Ore.), who wrote the bill, said ...' with no subject in the
    parse: the name right before an aside set off by commas (and a parenthesis after
    the name), read by surface order; finite verbs only."""
    tokens = ctx.tokens
    if tokens[v].xpos not in _FINITE or v < 2 or tokens[v - 1].text != ",":
        return None
    first = ctx.doc.sentences[tokens[v].sent][0]
    k = v - 2
    while k > first and k > v - 30 and tokens[k].text not in (",", "(", ")") and ctx.outside(k):
        k -= 1
    if k <= first or tokens[k].text != "," or not ctx.outside(k):
        return None
    k -= 1
    if tokens[k].text == ")":  # "(D-Ore.)"
        while k > first and tokens[k].text != "(" and v - k < 40:
            k -= 1
        k -= 1
    if k < first or tokens[k].upos != "PROPN" or not ctx.outside(k):
        return None
    while tokens[k].rel in ("compound", "flat") and k < tokens[k].head < v:
        k = tokens[k].head
    return k


def root_subject(ctx: Context, v: int) -> Optional[int]:
    """The root of a sentence the parser could not build round a verb ("Mayor Ann
    Holt (D), ..., called Friday for ..., saying ..." with "Holt" as its root), when
    it is a name or a noun before ``v``."""
    tokens = ctx.tokens
    a, b = ctx.doc.sentences[tokens[v].sent]
    if v == a and tokens[v].text.islower() and tokens[v].sent > 0:
        # "Council member Rita K. Lane (D-Ore.)" | "said ...": a sentence cut after an abbreviation
        a, b = ctx.doc.sentences[tokens[v].sent - 1]
        if any(tokens[k].upos == "VERB" for k in range(a, b)):
            return None
        open_parens, names = 0, []
        for k in range(a, b):  # the last name, outside parentheses
            open_parens += (tokens[k].text == "(") - (tokens[k].text == ")")
            if open_parens == 0 and tokens[k].upos == "PROPN" and ctx.outside(k):
                names.append(k)
        return names[-1] if names else None
    root = next((k for k in range(a, b) if tokens[k].head < 0), None)
    if root is not None and root < v and tokens[root].upos in ("PROPN", "NOUN") and ctx.outside(root):
        return root
    return None


def publisher(ctx: Context, v: int, depth: int) -> Optional[int]:
    """'The club released a statement that said, "..."': whoever puts out the thing
    that says the words speaks through it."""
    tokens = ctx.tokens
    thing = tokens[v].head
    if tokens[v].deprel != "acl:relcl" or thing < 0 or tokens[thing].rel != "obj" or tokens[thing].head < 0:
        return None
    return subject(ctx, tokens[thing].head, depth + 1)


def participle_reporter(ctx: Context, v: int) -> Optional[int]:
    """The reporter a participle after a comma (", saying ...") belongs to, if any."""
    tokens = ctx.tokens
    if tokens[v].xpos == "VBG" and v > 0 and tokens[v - 1].text == ",":
        return reporter_above(ctx, v)
    return None


def reporter_above(ctx: Context, v: int) -> Optional[int]:
    """The reporting verb whose reported clause holds participle ``v``: in "Lee wrote
    the inspectors knew ..., saying ..." the parse hangs "saying" on "knew", but the one
    saying is the one who wrote."""
    tokens = ctx.tokens
    j, through_clause = v, False
    for _ in range(5):
        if tokens[j].rel == "ccomp":
            through_clause = True
        j = tokens[j].head
        if j < 0 or not ctx.outside(j):
            return None
        if through_clause and ctx.is_cue(j):
            return j
    return None


def earlier_subject(ctx: Context, v: int) -> Optional[int]:
    """The subject of a verb before ``v`` in its sentence, outside quotes: of the verbs
    above ``v`` in the parse, else of the nearest verb."""
    tokens = ctx.tokens
    first = ctx.doc.sentences[tokens[v].sent][0]
    j = tokens[v].head  # first the verbs ``v`` hangs from: in "Ruiz attacked the firm the city
    for _ in range(4):  # hired, adding ..." the nearest verb, "hired", is in a clause of its own
        if j < first or j >= v or not ctx.outside(j):
            break
        if tokens[j].upos == "VERB":
            found = subject(ctx, j, depth=1)
            if found is not None:
                return found
        j = tokens[j].head
    for k in range(v - 1, max(first, v - 20) - 1, -1):
        if ctx.outside(k) and tokens[k].upos == "VERB":
            found = subject(ctx, k, depth=1)  # its own subject, however labelled
            if found is not None:
                return found
    return None


def goes_with(ctx: Context, v: int) -> Optional[int]:
    """The reporting verb that verb ``v``, coordinated with the head of the clause it
    reports, really goes with: no subject of its own, the cue's tense, after the cue
    ("The board said the plan was sound and warned ...": the board warned)."""
    tokens = ctx.tokens
    head = tokens[v].head
    if tokens[v].rel != "conj" or tokens[v].upos != "VERB" or head < 0 or tokens[head].rel != "ccomp":
        return None
    cue = tokens[head].head
    subjects = ("nsubj",) + _PASSIVE
    if cue < 0 or cue > v or _tense(ctx, v) != tokens[cue].xpos or not ctx.is_cue(cue) \
            or ctx.doc.children(v, *subjects) or not ctx.doc.children(head, *subjects):
        return None
    return cue


_DO_TENSE = {"did": "VBD", "does": "VBZ", "do": "VBP"}


def _tense(ctx: Context, v: int) -> str:
    """The tag of verb ``v``, or the tense of its "do" for a bare verb after one ("did not
    warn" is past, as "warned" is)."""
    t = ctx.tokens[v]
    if t.xpos == "VB":
        for k in ctx.doc.children(v, "aux"):
            if k.i < v and k.text.lower() in _DO_TENSE:
                return _DO_TENSE[k.text.lower()]
    return t.xpos
