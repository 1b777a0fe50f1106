"""The JSON export's contract: the shape `quizgen export --format json` writes and outside tools may rely on.

FORMAT_VERSION goes up when a key is removed or changes meaning; a new key may appear without it. Every key is always
present: an absent value is `null` (or an empty list), never a missing key; the one exception is a question's
`format`, written only for a true/false statement, so the export of a choice question stays as it was.
"""

from __future__ import annotations

from typing import TypedDict

FORMAT_VERSION = 1


class QuotedDict(TypedDict):
    """Material quoted inside a text: whose words they are (models.Quoted)."""

    by: str
    kind: str
    """One of models.QUOTED_KINDS: `report`, `comment`, ..."""
    date: str | None
    """ISO 8601 at the precision the text gives: `2025`, `2025-07` or `2025-07-30`."""


class QuoteDict(TypedDict):
    """A verbatim quote and where it stands (models.Quote)."""

    seed: str
    passage: str
    """`<text>:p<paragraph>`, e.g. `chellaney-2025:p12`."""
    quote: str
    citation: str
    quoted: QuotedDict | None


class _QuestionKeys(TypedDict):
    """The keys every question has (see QuestionDict)."""

    id: str
    """`<fact>/<template>`: stable across wording edits."""
    fact: str
    template: str
    kind: str
    level: str
    """One of models.LEVELS."""
    stem: str
    options: list[str]
    answer: int
    explanation: str
    tags: list[str]
    source: QuoteDict
    see_also: list[QuoteDict]
    """The other quotes the question rests on, cited with its own."""
    ordered: bool
    """The options keep their order in every output (never shuffled): dates or numbers ascending, or True, False."""


class QuestionDict(_QuestionKeys, total=False):
    """One question (models.Question); `options[answer]` is the correct one, among 2 to 5 options."""

    format: str
    """`true-false` for a statement to judge, whose options are `True`, `False`; absent for a choice question."""


class SourceDict(TypedDict):
    """A source text that at least one exported question cites."""

    slug: str
    title: str
    authors: list[str]
    outlet: str | None
    date: str | None
    """ISO 8601 at the precision known, or null when the text is undated."""
    type: str
    citation: str


class DeckDict(TypedDict):
    id: str
    title: str
    description: str
    seed: int
    """The random seed the options were shuffled with."""
    question_count: int
    sources: list[SourceDict]


class ExportDict(TypedDict):
    """The whole export: `{"format": 1, "deck": {...}, "questions": [...]}`."""

    format: int
    deck: DeckDict
    questions: list[QuestionDict]
