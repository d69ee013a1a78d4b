"""Exceptions quoteattr raises on purpose; each message says what to do next."""


class QuoteattrError(Exception):
    """Base class of every error quoteattr raises deliberately."""


class ConlluError(QuoteattrError, ValueError):
    """A CoNLL-U input that cannot be read: bad columns, missing or inconsistent offsets."""
