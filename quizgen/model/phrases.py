"""How an event's `what` reads: templates ask "When did ___ take place?", so it must be a noun phrase, not a clause."""

from __future__ import annotations

import re

TODO = "TODO"
"""What `quizgen draft` starts a `what` with when it could not make it a noun phrase: refused once not a draft."""

# A finite verb counts only in the phrase's head: "Trump's claim that the US had given …" is a noun phrase.
_HEAD = re.compile(
    r"\b(?:that|which|who|whom|whose|where|when|while|after|before|because|as|if|until|since|to|amid|following|"
    r"saying|calling|asking|claiming|complaining|voicing|urging)\b|[(:;]"
)
_AUXILIARIES = "was were is are am has have had will would shall did does can could might must should"
# Past tenses that are never participles or nouns; the others (and every -ed form) count only before an object:
# "held a summit" is a clause, "a summit held in Doha" and "a delegation led by Gentry Beach" are noun phrases.
_PAST = "came went took gave began became fell rose broke saw ran wrote spoke drew grew threw flew knew chose"
_PARTICIPLES = (
    "met made held sent said told led kept paid spent sold bought brought fought sought struck won lost set cut put hit"
)
_OBJECT = "a an the his her its their our this these those all some every each both"
_FINITE = frozenset(f"{_AUXILIARIES} {_PAST}".split())
_BEFORE_AN_OBJECT = frozenset(_PARTICIPLES.split())
_OBJECTS = frozenset(_OBJECT.split())
_NOT_AFTER = _OBJECTS | {"of", "in", "on", "by", "for", "with", "and", "or", "long", "well"}


def clause_verb(what: str) -> str | None:
    """The finite verb that makes `what` read as a clause, with the word after it ("was signed", "came to",
    "proposed a"), or None when it reads as a noun phrase.

    >>> clause_verb("the Treaty of Versailles was signed in the Hall of Mirrors")
    'was signed'
    >>> clause_verb("Trump's claim that the US had given Pakistan $33 billion") is None
    True
    """
    words = [w.strip(",.'\"“”’") for w in what.split()]
    head = len(_HEAD.split(what, maxsplit=1)[0].split())
    for i in range(1, head):
        word, before, after = words[i], words[i - 1].lower(), words[i + 1] if i + 1 < len(words) else ""
        if before in _NOT_AFTER or not word.islower():
            continue
        with_object = after.lower() in _OBJECTS or after[:1].isdigit() or after[:1] == "$"
        if word in _FINITE or (with_object and (word.endswith("ed") or word in _BEFORE_AN_OBJECT)):
            return f"{word} {after}".strip()
    return None
