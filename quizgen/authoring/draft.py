"""Draft candidate facts from a source text: events, people, attributed claims and numbers, each with its quote.

Rule-based and offline: sentences come from `sentencex` (a small, dependency-free segmenter kept by Wikimedia);
dates, amounts and attributions are found with the patterns below. A draft is a starting point for an author,
never content: every candidate carries `draft: true`, which keeps it out of every output until an author has
checked it and removed the flag. Every quote is a verbatim span of one citable passage, and a candidate's answer
field (its date, name, holder or amount) is always found in its quote, or is the text's author.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..model.phrases import TODO, clause_verb
from ..model.textnorm import same_option

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS.pop("may", None)  # re-added below: "may" is far more often the verb
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"

# Date expressions, most precise first; each gives (year, month, day) with 0 for unknown parts.
_DATES = [
    re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR})\b"),
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})\b"),
    re.compile(rf"\b(?P<month>{_MONTH}),?\s+(?:of\s+)?(?P<year>{_YEAR})\b"),
    re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|billion|million))"),
    re.compile(
        rf"\b(?i:in|on|since|during|by|from|until|of|early|late|mid-?|last|this|next)\s+(?:early\s+|late\s+|mid-?)?"
        rf"(?P<month>{_MONTH})\b"
        rf"(?!\s+[0-3]?\d)"
    ),
    re.compile(rf"(?<![$\d.,])\b(?P<year>{_YEAR})\b(?!\s*(?:%|percent|billion|million|troops|people))"),
]

_SCALE = r"(?P<scale>thousand|million|billion|trillion|mn|bn|m\b|b\b)"
_AMOUNTS = [
    re.compile(
        rf"(?P<cur>\$|US\$|USD\s?)\s?(?P<value>\d[\d,]*(?:\.\d+)?)"
        rf"(?:\s*(?:-|–|to)\s*(?P<high>\d[\d,]*(?:\.\d+)?))?\s*{_SCALE}?"
    ),
    re.compile(
        r"(?P<value>\d[\d,]*(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<high>\d[\d,]*(?:\.\d+)?))?"
        r"\s*(?P<pct>%|percent\b|per cent\b)"
    ),
    re.compile(
        rf"(?<![\w$.,])(?P<value>\d[\d,]*(?:\.\d+)?|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
        rf"twelve|twenty|thirty|forty|fifty|hundred)(?:-\w+)?)"
        rf"(?:\s+{_SCALE}(?:\s+(?P<kind>[a-z]+)(?=\s+[a-z]+s\b))?)?(?:\s+[A-Z][a-z]+)?\s+(?P<unit>(?:[a-z]+-)?[a-z]+s)\b"
    ),
]
_AMOUNTS.insert(
    2,
    re.compile(
        r"(?<![\w$.,])(?P<value>\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|"
        r"thirty|forty|fifty|hundred)-(?P<unit>day|week|month|year|hour|point|member|nation)\b"
    ),
)
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_NOT_UNITS = {
    "years",
    "months",
    "weeks",
    "days",
    "decades",
    "times",
    "others",
    "ones",
    "things",
    "ways",
    "steps",
    "issues",
    "words",
    "sides",
    "terms",
}

_NAME = r"(?:[A-Z][a-zA-Z'’.-]+|[A-Z]{2,})(?:\s+(?:bin\s+|al-|de\s+|van\s+)?(?:[A-Z][a-zA-Z'’.-]+|[A-Z]\.)){0,3}"
_SAY = (
    r"(?:said|says|argued|argues|warned|warns|noted|notes|claimed|claims|wrote|writes|believes|believed|"
    r"insisted|insists|stated|states|declared|declares|asserted|asserts|suggested|suggests|contended|contends|"
    r"maintained|maintains|observed|observes|remarked|told|tells|added|adds|pointed out|points out|"
    r"acknowledged|admitted|announced|announces|called|calls|described|describes|predicted|predicts|"
    r"posted|tweeted|reported|reports|explained|explains|emphasi[sz]ed|stressed|urged|urges)"
)
_ATTRIBUTIONS = [
    re.compile(rf"\b[Aa]ccording to (?P<holder>(?:the\s+)?{_NAME})"),
    re.compile(
        rf"(?P<holder>(?:the\s+)?{_NAME})(?:,[^,]{{3,80}},)?\s+(?:has\s+|had\s+|also\s+|once\s+)?(?P<verb>{_SAY})\b"
    ),
    re.compile(rf"\b(?:{_SAY})\s+(?:by\s+)?(?P<holder>{_NAME})\b"),
]
_ROLE_WORDS = (
    r"(?:prime minister|foreign minister|president|minister|secretary|general|king|queen|emperor|"
    r"Founder Chairperson|Chairperson|Editor|editor|Field Marshall|President|Vice President|Prime Minister|"
    r"Deputy Prime Minister|Foreign Minister|Minister|"
    r"Secretary of State|Secretary|Senator|Governor|Ambassador|ambassador|envoy|Envoy|adviser|Adviser|"
    r"chief|Chief|General|Gen\.|Field Marshal|Marshal|Admiral|Chairman|chairman|spokesperson|"
    r"spokesman|CEO|chief executive|founder|co-founder|professor|Professor|scholar|analyst|"
    r"columnist|journalist|diplomat|leader|commander|Commander|COAS|Director|director)"
)
_FIGURES = [
    # "US Secretary of State Marco Rubio", "Pakistan's army chief Asim Munir"
    re.compile(
        rf"(?P<role>(?:(?:the\s+)?(?:former\s+)?(?:[A-Z][\w'’.-]+\s+){{0,3}}(?:[a-z-]+\s+)?){_ROLE_WORDS}(?:\s+of\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+){{1,2}})\b"
    ),
    # "Asim Munir, Pakistan's army chief,"
    # "Chintamani Mahapatra is Founder Chairperson of KIIPS", "Brahma Chellaney is a Professor Emeritus of …"
    re.compile(
        rf"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+){{1,2}})\s+(?:is|was)\s+(?P<role>(?:(?:a|an|the)\s+)?"
        rf"[^,;.]{{0,40}}?{_ROLE_WORDS}[^,;.]{{0,80}})"
    ),
    re.compile(
        rf"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+){{1,2}}),\s+"
        rf"(?P<role>(?:the|a|an|who is|who was)\s+[^,;.]{{5,80}}?{_ROLE_WORDS}[^,;.]{{0,60}}),"
    ),
]
_STANCE_MARKERS = re.compile(
    r"\b(?:must|should|cannot|can't|need to|needs to|ought|will have to|would be|is likely|are likely|unlikely|"
    r"clearly|indeed|in fact|it is|it was|it would|there is no|there are|there is|nothing|never|only|merely|"
    r"mistake|wrong|unwise|wise|dangerous|important|essential|crucial|undermin\w*|weaken\w*|strengthen\w*|"
    r"reliable|unreliable|betray\w*|hypocri\w*|paradox\w*|irony|ironic\w*|however|but|yet|because|therefore|"
    r"shows|reflects|signals|suggests|means|remains|risk\w*|threat\w*|limits?)\b",
    re.IGNORECASE,
)
_OPINION_TYPES = ("opinion", "column", "editorial", "blog", "essay", "comment", "op-ed", "analysis")


@dataclass(frozen=True)
class Candidate:
    """A drafted fact: kind, guessed fields and the verbatim quote they were read from."""

    kind: str
    fields: dict[str, object]
    quote: str
    passage: int
    score: float
    """How sure the rules are; the highest-scoring candidates are kept when a text yields many."""
    suggestions: dict[str, list[str]] = field(default_factory=dict)
    """Wrong answers of the same category found elsewhere in the text, for the author to pick from."""


@dataclass(frozen=True)
class DraftSource:
    """What drafting needs of a text: its slug, authors, type, date and citable passages."""

    slug: str
    authors: tuple[str, ...]
    type: str
    year: int | None
    month: int | None
    passages: tuple[tuple[int, str], ...]
    """(number, text) of each citable passage."""


def draft_source(source: Any) -> DraftSource:
    """What drafting needs of a loaded text (`quizgen.load.texts.Text`)."""
    return DraftSource(
        source.slug,
        tuple(a for a in source.authors if a.lower() != "unknown"),
        source.type,
        source.date.year if source.date else None,
        (source.date.month or None) if source.date else None,
        tuple((p.number, p.text) for p in source.passages if p.citable),
    )


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs of a passage; offsets index `text`, so quotes stay verbatim."""
    from sentencex import segment

    pos = 0
    for piece in segment("en", text):
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, pos)
        if start == -1:  # the segmenter normalised something: fall back to the rest of the passage
            start = pos
            piece = text[pos:].strip()
        yield start, piece
        pos = start + len(piece)


def draft(source: DraftSource, limit: float = 1.6, deck: dict[str, list[str]] | None = None) -> list[Candidate]:
    """Candidate facts for a text, in text order, at most about `limit` per sentence of the text (at least 5).

    `deck` holds answer values of the deck's curated facts by kind ("event": dates, "figure": names, "position":
    holders, "number": "<value> <unit>"), offered as wrong-answer suggestions after the text's own.
    """
    found: list[Candidate] = []
    total_sentences = 0
    opinion = any(word in source.type.lower() for word in _OPINION_TYPES)
    for number, text in source.passages:
        last_person: list[tuple[str, int]] = []  # who "he" or "she" is, and where they were named, in one passage
        for offset, sentence in sentences(text):
            total_sentences += 1
            for candidate in _from_sentence(source, number, sentence, opinion, last_person, offset):
                if candidate.fields.get("_from") is not None:  # the quote reaches back to where the holder is named
                    start = int(candidate.fields.pop("_from"))  # type: ignore[call-overload]
                    candidate = replace(candidate, quote=text[start : offset + len(sentence)].strip())
                found.append(candidate)
    found = _dedupe(found)
    # Longer texts are less dense in quiz-worthy facts (a paper's method and literature, a blog's comment thread):
    # the budget grows more slowly than the text.
    budget = max(5, round(limit * total_sentences ** (0.9 if opinion else 0.8)))
    found.sort(key=lambda c: (-c.score, c.passage))
    kept = found[:budget]
    kept.sort(key=lambda c: (c.passage, _KIND_ORDER[c.kind]))
    return _with_suggestions(kept, deck or {})


_KIND_ORDER = {"event": 0, "figure": 1, "number": 2, "position": 3}


_PRONOUN_SAYS = re.compile(rf"\b(?:He|She|he|she)\s+(?:has\s+|had\s+|also\s+)?(?P<verb>{_SAY})\b")


def _from_sentence(
    source: DraftSource, number: int, sentence: str, opinion: bool, last_person: list[tuple[str, int]], offset: int
) -> Iterator[Candidate]:
    if len(sentence) < 25 or sentence.count(" ") < 4:
        return
    quote = _trim_quote(sentence)
    attributed = False
    figures = list(_figures(sentence))
    pronoun = _PRONOUN_SAYS.search(sentence)
    if pronoun and last_person:  # "He argued that …": the person the passage last named
        attributed = True
        name, named_at = last_person[-1]
        stance = _clause(_after(sentence, pronoun.end()))
        yield Candidate(
            "position", {"holder": name, "topic": "", "stance": stance, "_from": named_at}, quote, number, 2.6
        )
    for pattern in _ATTRIBUTIONS if not attributed else ():
        match = pattern.search(sentence)
        if match and _plausible_holder(match.group("holder")):
            holder = _clean_name(match.group("holder"))
            stance = _after(sentence, match.end()) or quote
            attributed = True
            yield Candidate("position", {"holder": holder, "topic": "", "stance": _clause(stance)}, quote, number, 3.0)
            break
    for when, span in _dates(sentence, source):
        what = _event_what(sentence, span)
        yield Candidate("event", {"what": what, "when": when}, quote, number, 2.5 if len(when) > 4 else 2.0)
        break
    for quantity, span in _amounts(sentence):
        measures = _measures(sentence, span, str(quantity["unit"]))
        yield Candidate("number", {"measures": measures, **quantity}, quote, number, 2.4)
        break
    for name, role in figures:
        last_person.append((name, offset))
        yield Candidate("figure", {"name": name, "role": role}, quote, number, 2.2)
    if not attributed and source.authors:
        # In an opinion text every claim not put in someone else's mouth is the author's; in other texts only
        # sentences that argue (markers such as "should", "because", "however") are.
        markers = len(_STANCE_MARKERS.findall(sentence))
        if opinion or markers >= (1 if "paper" in source.type.lower() else 2):
            yield Candidate(
                "position",
                {"holder": source.authors[0], "topic": "", "stance": _clause(quote)},
                quote,
                number,
                (0.8 if opinion else 0.2) + min(markers, 4) * 0.3,
            )


def _dates(sentence: str, source: DraftSource) -> Iterator[tuple[str, tuple[int, int]]]:
    taken: list[tuple[int, int]] = []
    for pattern in _DATES:
        for match in pattern.finditer(sentence):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            groups = match.groupdict()
            month = _month(groups.get("month"))
            if groups.get("month") and month is None:
                continue
            if _is_may_the_verb(groups, match.group(0)):
                continue
            year = int(groups["year"]) if groups.get("year") else _year_for(month, source)
            if year is None:
                continue
            day = int(groups["day"]) if groups.get("day") else 0
            if day and not (month and 1 <= day <= calendar.monthrange(year, month)[1]):
                continue
            taken.append(match.span())
            when = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day and month else "")
            yield when, match.span()


def _is_may_the_verb(groups: dict[str, Any], found: str) -> bool:
    """'May' alone is a date only after a preposition ("in May", "last May"); otherwise it is the verb."""
    if (groups.get("month") or "").lower() != "may" or groups.get("year") or groups.get("day"):
        return False
    return not re.search(r"\b(?i:in|of|since|during|until|early|late|mid-?|last|this|next)\s+May\b", found)


def _month(text: str | None) -> int | None:
    if not text:
        return None
    key = text.lower().rstrip(".")
    if key == "may":
        return 5
    if key == "sept":
        return 9
    return MONTHS.get(key)


def _year_for(month: int | None, source: DraftSource) -> int | None:
    """A month without a year is read against the text's own date (the latest such month not after it)."""
    if month is None or source.year is None:
        return None
    if source.month and month > source.month:
        return source.year - 1
    return source.year


def _amounts(sentence: str) -> Iterator[tuple[dict[str, object], tuple[int, int]]]:
    for pattern in _AMOUNTS:
        for match in pattern.finditer(sentence):
            groups = match.groupdict()
            value = _number(groups["value"])
            if value is None or re.search(r"\b(?i:the|these|those|its|their|his|her)\s+$", sentence[: match.start()]):
                continue  # "the two governments" points back at something; it measures nothing
            high = _number(groups["high"]) if groups.get("high") else None
            scale = _scale(groups.get("scale"))
            if groups.get("cur"):
                unit = "usd"
            elif groups.get("pct"):
                unit = "percent"
            else:
                unit = groups["unit"].lower()
                if not unit.endswith("s"):  # "three-day": a count of days
                    unit += "s"
                elif unit in _NOT_UNITS or (1900 <= value <= 2100 and not scale):
                    continue
                if groups.get("kind"):  # "132 billion gold marks": the kind of mark belongs to the unit
                    unit = f"{groups['kind']} {unit}"
            fields: dict[str, object] = {"value": value if high is None else [value, high], "unit": unit}
            if scale:
                fields["scale"] = scale
            yield fields, match.span()


def _number(text: str | None) -> float | int | None:
    if not text:
        return None
    word = text.lower().split("-")[0]
    if word in WORD_NUMBERS:
        return WORD_NUMBERS[word]
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def _scale(text: str | None) -> str | None:
    if not text:
        return None
    return {"mn": "million", "m": "million", "bn": "billion", "b": "billion"}.get(text.lower(), text.lower())


# A subject and the verb that gives its amount: what a number at the end of a sentence measures.
_TOTAL = re.compile(
    r"^(?P<subject>(?:[Tt]he|[Ii]ts|[Tt]heir)\s[^,]{3,80}?)(?:,[^,]{3,60},)?\s+(?:came to|amounted to|totall?ed|"
    r"stood at|reached|rose to|fell to|grew to|was|were)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|some\s+)?"
    r"[$]?$"
)


def _measures(sentence: str, span: tuple[int, int], unit: str) -> str:
    """What an amount measures, from the words after it: '19% tariffs on imports from Pakistan' -> 'tariffs on imports
    from Pakistan'; '13 percent of its territory' -> 'the share of its territory'."""
    after = re.split(r"[,;:()]|\bas against\b|\band\b|\bwhile\b|\bwhich\b", sentence[span[1] :], maxsplit=1)[0]
    after = after.strip(" .")
    if re.match(r"(?:of|in|on|for|to|from)\b", after):
        head = {"percent": "the share", "usd": "the amount"}.get(unit, "the number")
        after = f"{head} {after}"
    total = _TOTAL.match(sentence[: span[0]])
    if total and len(after.split()) < 2:  # "The reparations bill, set in 1921, came to 132 billion …"
        return _clause(total.group("subject"), words=14)
    if len(after.split()) < 2:
        before = re.split(r"[,;:()]", sentence[: span[0]])[-1].strip()
        after = f"{before} … {after}".strip(" …")
    return _clause(after, words=14)


def _figures(sentence: str) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for pattern in _FIGURES:
        for match in pattern.finditer(sentence):
            name = _clean_name(match.group("name"))
            role = match.group("role").strip(" ,")
            if name in seen or not _plausible_holder(name) or len(name.split()) < 2:
                continue
            seen.add(name)
            yield name, _lower_first(role)


_NOT_HOLDERS = {
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "There",
    "But",
    "And",
    "However",
    "Yet",
    "So",
    "In",
    "On",
    "As",
    "If",
    "When",
    "While",
    "Some",
    "Many",
    "Most",
    "One",
    "Trump's",
    "His",
    "Her",
    "Their",
    "Our",
    "A",
    "An",
    "After",
    "Before",
    "Since",
    "What",
    "Such",
}


def _plausible_holder(text: str) -> bool:
    words = text.replace("the ", "").split()
    return bool(words) and words[0] not in _NOT_HOLDERS and not re.fullmatch(rf"{_MONTH}|{_YEAR}", words[0])


_TITLES = re.compile(
    r"^(?:(?:Analyst|Senator|Minister|President|Prime Minister|Foreign Minister|Secretary|General|"
    r"Gen\.|Field Marshal|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Professor|Prof\.|Ambassador|Commentator|"
    r"Historian|Scholar|Journalist|Columnist|Economist|Governor|Chairman|Admiral|Judge|Justice)\s+)+"
)


def _clean_name(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.strip(" ,.’'"))
    stripped = _TITLES.sub("", text)
    if len(stripped.split()) >= 1 and stripped != text and stripped[:1].isupper():
        text = stripped  # "Senator Lindsey Graham" -> "Lindsey Graham"; the title belongs in a role
    return re.sub(r"[’']s$", "", text)


def _after(sentence: str, pos: int) -> str:
    rest = sentence[pos:].lstrip(" ,:")
    rest = re.sub(r"^that\s+", "", rest)
    return rest.strip()


# Verbs an event sentence may turn on, as the noun of their action and the preposition before its object:
# "was signed" -> "the signing of", "proposed a League" -> "'s proposal of a League", "visited" -> "'s visit to".
_ACTIONS = {
    "signed": "signing",
    "set": "setting",
    "held": "holding",
    "hosted": "hosting",
    "proposed": "proposal",
    "announced": "announcement",
    "launched": "launch",
    "suspended": "suspension",
    "imposed": "imposition",
    "founded": "founding",
    "established": "establishment",
    "created": "creation",
    "formed": "formation",
    "adopted": "adoption",
    "ratified": "ratification",
    "approved": "approval",
    "rejected": "rejection",
    "introduced": "introduction",
    "unveiled": "unveiling",
    "published": "publication",
    "released": "release",
    "appointed": "appointment",
    "elected": "election",
    "nominated": "nomination",
    "assassinated": "assassination",
    "arrested": "arrest",
    "invaded": "invasion",
    "declared": "declaration",
    "opened": "opening",
    "passed": "passing",
    "lifted": "lifting",
    "placed": "placement",
    "deployed": "deployment",
    "removed": "removal",
    "blocked": "blocking",
    "cancelled": "cancellation",
    "postponed": "postponement",
    "extended": "extension",
    "concluded": "conclusion",
    "visited": "visit to",
    "met": "meeting with",
    "attacked": "attack on",
    "criticized": "criticism of",
    "criticised": "criticism of",
    "denounced": "denunciation of",
    "withdrew": "withdrawal",
}
_PASSIVE = re.compile(r"^(?P<subject>.+?)\s+(?:was|were|had been|has been|have been)\s+(?P<verb>[a-z]+)\b(?P<rest>.*)$")
_PARTICIPLE = re.compile(r"^(?P<subject>(?:[Tt]he|[Aa]n?)\s+[^,]{2,60}),\s+(?P<verb>[a-z]+)\s+(?:in|on|during)?\s*$")


def _event_what(sentence: str, span: tuple[int, int]) -> str:
    """A noun phrase for the event of a dated sentence, where one of three shapes gives it: "the treaty was signed
    in …" -> "the signing of the treaty in …"; "Wilson proposed a League …" -> "Wilson's proposal of a League …";
    "The bill, set in 1921, …" -> "the setting of the bill". Otherwise the clause after a TODO, which `validate`
    refuses once the draft flag is gone: a wrong noun phrase would look finished."""
    clause = _clause(_without(sentence, span))
    what = _set_before_the_date(sentence[: span[0]]) or _passive(clause) or _active(clause)
    return what if what and clause_verb(what) is None else f"{TODO} as a noun phrase: {clause}"


_NEXT_CLAUSE = re.compile(r"\s*(?:[;:(]|,\s*(?:while|but|and|which|who)\b|\s+and\s+[a-z]+ed\b)")


def _set_before_the_date(before: str) -> str | None:
    found = _PARTICIPLE.match(before.strip())
    if not found or found.group("verb") not in _ACTIONS:
        return None
    return f"the {_ACTIONS[found.group('verb')].split(' ')[0]} of {_lower_first(found.group('subject'))}"


def _passive(clause: str) -> str | None:
    found = _PASSIVE.match(clause)
    if not found or found.group("verb") not in _ACTIONS:
        return None
    rest = _NEXT_CLAUSE.split(found.group("rest"), maxsplit=1)[0]
    return f"the {_ACTIONS[found.group('verb')].split(' ')[0]} of {_lower_first(found.group('subject'))}{rest}"


def _active(clause: str) -> str | None:
    """ "Wilson, the American president, proposed a League …" -> "Wilson's proposal of a League …"."""
    words = clause.split()
    verb = next((i for i, word in enumerate(words[:12]) if i and word in _ACTIONS), None)
    if verb is None:
        return None
    subject = re.sub(r",[^,]{3,60},$", "", " ".join(words[:verb]))  # without its apposition
    if "," in subject or len(subject.split()) > 5 or not _plausible_holder(subject) or clause_verb(subject):
        return None
    if words[verb + 1 : verb + 2] == ["by"]:  # "the lunch hosted by Trump": a participle, not the lunch's act
        return None
    action, rest = _ACTIONS[words[verb]], _NEXT_CLAUSE.split(" ".join(words[verb + 1 :]), maxsplit=1)[0]
    if " " not in action and not re.match(r"(?:of|from|to|with|on|in|for)\b", rest):
        action += " of"
    possessive = "'" if subject.endswith("s") else "'s"
    return f"{subject}{possessive} {action} {rest}"


def _without(sentence: str, span: tuple[int, int]) -> str:
    """The sentence without its date and the preposition before it ("signed on 28 June 1919 in …" -> "signed in …")."""
    before = re.sub(r"\b(?i:in|on|since|during|by|of|from|until)\s*$", "", sentence[: span[0]])
    text = before.rstrip() + " " + sentence[span[1] :].lstrip()
    text = re.sub(r"\s+([,.;])", r"\1", text)
    return re.sub(r",\s*,", ",", re.sub(r"\s{2,}", " ", text)).strip(" ,")


def _clause(text: str, words: int = 30) -> str:
    """A sentence trimmed to a field: no trailing full stop, lowercase start, at most `words` words."""
    text = text.strip().rstrip(".").strip("“”\"' ")
    parts = text.split()
    if len(parts) > words:
        text = " ".join(parts[:words]) + " …"
    return _lower_first(text)


def _lower_first(text: str) -> str:
    """Lowercase a sentence's first word only where it is a common word, never a name ("Germany", "Trump")."""
    first = text.split(" ", 1)[0]
    if first in _COMMON_STARTS:
        return text[:1].lower() + text[1:]
    return text


_COMMON_STARTS = {
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "There",
    "Their",
    "His",
    "Her",
    "Such",
    "Some",
    "Many",
    "Most",
    "Several",
    "Both",
    "Each",
    "Every",
    "No",
    "Any",
    "Former",
    "Current",
}


def _trim_quote(sentence: str) -> str:
    """The sentence as a quote: verbatim, without a trailing space."""
    return sentence.strip()


def _dedupe(found: Iterable[Candidate]) -> list[Candidate]:
    """One candidate per (kind, quote): the best-scoring."""
    best: dict[tuple[str, str], Candidate] = {}
    for candidate in found:
        key = (candidate.kind, candidate.quote)
        if key not in best or candidate.score > best[key].score:
            best[key] = candidate
    return list(best.values())


def _at_precision(dates: list[str], length: int) -> list[str]:
    """Dates cut to the precision of a key written with `length` characters ("1921": 4, "1918-01": 7); a less
    precise date is left out, not made more precise: "January 1918" among "25 June 1919" and "1921" gives the
    key away by its form."""
    return [d[:length] for d in dates if len(d) >= length]


def _with_suggestions(kept: list[Candidate], deck: dict[str, list[str]]) -> list[Candidate]:
    """Suggest wrong answers of the same category from the other candidates of the same text, then from the deck."""
    answer_field = {"event": "when", "figure": "name", "position": "holder", "number": "value"}
    by_kind: dict[str, list[str]] = {}
    for candidate in kept:
        value = candidate.fields.get(answer_field[candidate.kind])
        if isinstance(value, str | int | float):
            values = by_kind.setdefault(candidate.kind, [])
            if str(value) not in values:
                values.append(str(value))
    out = []
    for candidate in kept:
        key = answer_field[candidate.kind]
        own = str(candidate.fields.get(key))
        others = [v for v in by_kind.get(candidate.kind, []) if v != own]
        if candidate.kind == "event":  # the options of a date question read alike: each at the key's precision
            others = _at_precision(others + deck.get("event", []), len(own))
        elif candidate.kind == "number":
            unit = candidate.fields.get("unit")
            others = [
                str(c.fields["value"])
                for c in kept
                if c.kind == "number" and c.fields.get("unit") == unit and str(c.fields["value"]) != own
            ]
            others += [v.split(" ", 1)[0] for v in deck.get("number", []) if v.split(" ", 1)[1:] == [unit]]
        elif candidate.kind != "event":
            others += deck.get(candidate.kind, [])
        # "Government" and "the Government" are one suggestion, and neither is suggested against the other.
        folded = {same_option(v): v for v in reversed([own, *others])}
        others = [v for v in dict.fromkeys(others) if folded.get(same_option(v)) == v and v != own]
        suggestions = {key: others[:3]} if others else {}
        out.append(
            Candidate(
                candidate.kind, candidate.fields, candidate.quote, candidate.passage, candidate.score, suggestions
            )
        )
    return out
