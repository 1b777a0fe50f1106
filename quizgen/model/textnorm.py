"""Text normalisation: how quotes are matched and how options are compared."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)
_SPACE = re.compile(r"\s+")


def for_quote(text: str) -> str:
    """Fold what quote matching ignores: runs of whitespace and curly vs straight quotes."""
    # Same result as _SPACE.sub(" ", text.translate(_QUOTES)).strip(), several times faster on whole texts:
    # str.split() splits at exactly the characters `\s` matches, and replace() skips text without the character.
    if not text.isascii():  # isascii() is a flag lookup; only other text can hold curly quotes
        for curly, straight in _QUOTE_PAIRS:
            if curly in text:
                text = text.replace(curly, straight)
    return " ".join(text.split())


_QUOTE_PAIRS = tuple((chr(code), straight) for code, straight in _QUOTES.items())


_PUNCT = re.compile(r"[^\w\s%$.]|(?<!\d)\.|\.(?!\d)")


def for_option(text: str) -> str:
    """Fold case, punctuation and whitespace so near-identical options count as the same."""
    return _ascii_folded(text) if text.isascii() else _folded(text)


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def _ascii_folded(text: str) -> str:
    """_folded of ASCII text, several times faster: NFKC, _QUOTES and casefold() change ASCII as bytes.lower() does;
    _PUNCT's class is a table; its dots are looked at one by one (the pattern tries its lookbehind at every
    character); and split() splits at exactly the characters `\\s` matches (see for_quote)."""
    text = text.encode().lower().translate(_ASCII_PUNCT).decode()
    return " ".join((_dots(text) if "." in text else text).split())


def _dots(text: str) -> str:
    """_PUNCT's substitution of the dots of ASCII text: a space for each, but one with a digit on both sides."""
    parts = text.split(".")
    out = [parts[0]]
    # An empty part: the character beside the dot is another dot (or none), never a digit.
    for before, after in zip(parts[:-1], parts[1:], strict=True):
        out.append("." if before[-1:].isdigit() and after[:1].isdigit() else " ")
        out.append(after)
    return "".join(out)


_FOLDED_ASCII = "!\"#&'()*+,-/:;<=>?@[\\]^`{|}~\x7f" + "".join(map(chr, (*range(9), *range(14, 28))))
"""The ASCII characters _PUNCT's class matches: punctuation but `_%$.`, and control characters that are not
whitespace (str.isspace, as `\\s`, counts \\x1c-\\x1f)."""
_ASCII_PUNCT = bytes.maketrans(_FOLDED_ASCII.encode(), b" " * len(_FOLDED_ASCII))
"""For bytes.translate: _FOLDED_ASCII as spaces."""


PUNCTUATION_AND_WHITESPACE = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"
"""string.punctuation + string.whitespace, without importing string (its Template compiles a pattern at import)."""
_DROP = PUNCTUATION_AND_WHITESPACE.encode()
_MARK_CHARACTERS = "\u2013\u2014\u2018\u2019\u201c\u201d\u2192"
"""Dashes, curly quotes and an arrow: for_option folds each to a space, and NFKC joins none with a neighbour."""
_MARKS = str.maketrans("", "", _MARK_CHARACTERS)


def rough_option_key(text: str) -> bytes | None:
    """A cheap key that two texts share whenever for_option folds them alike (their ASCII letters and digits, lower
    case), to rule out most pairs before folding; None for text with other non-ASCII characters than _MARKS, which
    for_option may fold in ways this does not (NFKC, case)."""
    if not text.isascii():
        text = text.translate(_MARKS)
        if not text.isascii():
            return None
    # As bytes: bytes.translate deletes through a 256-entry table, about 4x faster than str.translate's dict.
    return text.encode().lower().translate(None, _DROP)


def rough_option_keys(texts: tuple[str, ...]) -> Sequence[bytes | None]:
    """rough_option_key of each text, folded in one pass over them all (the usual options are ASCII once the marks
    are dropped)."""
    joined = "\0".join(texts)
    if not joined.isascii():  # replace() is several times faster than translate() through a dict
        for mark in _MARK_CHARACTERS:
            if mark in joined:
                joined = joined.replace(mark, "")
    if joined.count("\0") != len(texts) - 1:  # a text holding the separator: one by one
        return [rough_option_key(text) for text in texts]
    if joined.isascii():
        return joined.encode().lower().translate(None, _DROP).split(b"\0")
    return [part.encode().lower().translate(None, _DROP) if part.isascii() else None for part in joined.split("\0")]


_ARTICLE = re.compile(r"^(?:the|a|an) ")


def same_option(text: str) -> str:
    """for_option without a leading article: "Government" and "The Government" are one option, never offered
    together."""
    return without_article(for_option(text))


def without_article(key: str) -> str:
    """same_option from a for_option key the caller already has: its leading article dropped."""
    return _ARTICLE.sub("", key) if key[:1] in "ta" else key


_OPENING = ('"', "\u201c", "\u201e", "\u201f", "\u00ab")
_CLOSING = ('"', "\u201d", "\u00bb")
"""Double quotation marks (and guillemets); a single ’ at either end is as likely an apostrophe."""


def quoted(text: str) -> str:
    """The text as shown inside curly double quotation marks: the one place a quote is formatted for display (Anki,
    terminal feedback, CSV), never the stored verbatim quote, which validation compares with the text.

    Its own double marks become single ones, as quotation marks inside quotation marks are:
    `accused India of “cheating”` -> `“accused India of ‘cheating’”`; `“I will,” he said` -> `“‘I will,’ he said”`.
    A text that is one quotation already (it starts and ends with a double mark and has none between) stays as it
    is: `“Trump feared it…”`, never `““Trump feared it…””`.
    """
    if text.startswith(_OPENING) and text.endswith(_CLOSING) and len(text) > 1 and not _DOUBLE.search(text[1:-1]):
        return text
    if _DOUBLE.search(text):
        text = _DOUBLE.sub(_single, text)
    return f"\u201c{text}\u201d"


_DOUBLE = re.compile('["\u201c\u201d\u201e\u201f\u00ab\u00bb]')
_SINGLE = {
    "\u201c": "\u2018",
    "\u201d": "\u2019",
    "\u201e": "\u201a",
    "\u201f": "\u201b",
    "\u00ab": "\u2039",
    "\u00bb": "\u203a",
}
_OPENS_AFTER = " \t\n([{\u2014\u2013-/\u2018\u201a\u201b\u2039"
"""What a straight double mark follows when it opens a quotation rather than closes one."""


def _single(match: re.Match[str]) -> str:
    mark = match.group()
    if mark != '"':
        return _SINGLE[mark]
    start = match.start()
    return "\u2018" if start == 0 or match.string[start - 1] in _OPENS_AFTER else "\u2019"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """`text` safe for a terminal: control characters (ESC, BEL, CSI, ...) as visible escapes such as `\\x1b`.

    Seed texts are verbatim documents, so they may hold anything; printed raw, `ESC]0;...BEL` retitles the window
    and `ESC[2J` clears it.
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def join_names(names: tuple[str, ...]) -> str:
    """'A', 'A and B', 'A, B and C': how a group's names read in a citation, a stem and an option."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
