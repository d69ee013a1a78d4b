"""The default order of the chain, from the most precise link to the least.

Change it by passing ``sieves=`` to any entry point: drop a sieve
(``[s for s in DEFAULT_SIEVES if s.name != "neighbour"]``), reorder, or insert a sieve of
your own (docs/extending.md shows one).
"""

from __future__ import annotations

from quoteattr.attribution.addressee import Addressees
from quoteattr.attribution.conversation import Beat, NarrationBefore, Narrator, TurnTaking, Vocative
from quoteattr.attribution.learned import Learned
from quoteattr.attribution.neighbour import Neighbour
from quoteattr.attribution.paragraph import Paragraph
from quoteattr.attribution.repairs import SurfaceSpeaker
from quoteattr.attribution.reported import OuterReport, ReportedSpeech
from quoteattr.attribution.surface import Pattern, Transcript
from quoteattr.attribution.syntax import SentenceVerb, Syntax

__all__ = ["DEFAULT_SIEVES"]

DEFAULT_SIEVES = (
    # one pass over the quotes in text order; each quote takes the first frame proposed
    Transcript(),      # "HOST: ..." inside the marks
    Syntax(),          # a reporting verb in the parse governs the quote
    Pattern(),         # the words right after the marks, else right before them
    Neighbour(),       # a quote filling its sentence: "NP said:" before, "NP added." after
    SentenceVerb(),    # an unattached fragment: the reporting verb before it in its sentence
    SurfaceSpeaker(),  # repair: a parse frame without a speaker reads it off the surface
    # then the whole document at once
    Paragraph(),       # unframed quotes continue the quote or report before them (not across lines of dialogue)
    # conversations (only where paragraphs of dialogue take turns; see conversation.py)
    Beat(),            # narration in the quote's paragraph: its subject nearest the quote
    NarrationBefore(),  # a conversation's first bare line: the last subject of the narration before
    TurnTaking(),      # a bare line: the speaker two lines away, the other participant one away
    Vocative(),        # a bare line answering a line that calls someone by name
    Narrator(),        # first-person fiction: the line the other participant cannot have spoken
    Learned(),         # a trained model picks the speaker where the rules only guess
    ReportedSpeech(),  # speech reported without marks; the clause around a fragment
    OuterReport(),     # a fragment inside another report takes that report's speaker
    Addressees(),      # whom a quote is spoken to: a name it calls, "said to NP", the other party
)
