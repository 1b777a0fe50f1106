"""What a role or a stem says about a person: the countries it names, its role types, whether it fixes a gender.

Pure text rules shared by the entity registry's loader (which derives a figure's country and roles from its facts)
and the generator (which reads a stem for the country and gender it fixes).
"""

from __future__ import annotations

import re

COUNTRIES = {
    "United States": ("united states", "us", "u.s.", "american", "america", "washington", "white house", "pentagon"),
    "Pakistan": ("pakistan", "pakistani", "islamabad"),
    "India": ("india", "indian", "new delhi", "delhi"),
    "China": ("china", "chinese", "beijing"),
    "France": ("france", "french"),
    "Philippines": ("philippines", "philippine"),
}
"""Countries by the words that name them in a role or affiliation."""
_COUNTRY_WORDS = [
    (c, re.compile(rf"(?<![\w.])(?:{'|'.join(map(re.escape, w))})(?![\w])")) for c, w in COUNTRIES.items()
]

_ROLE_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("head-of-state", re.compile(r"(?<!vice )\bpresident\b")),
    ("head-of-government", re.compile(r"(?<!deputy )\bprime minister\b|\bleader whose government\b")),
    ("minister", re.compile(r"(?<!prime )\bminister\b|\bsecretary of state\b")),
    ("official", re.compile(r"\bofficial\b|\badviser\b|\bspokesman\b|\bvice president\b|\bchaired\b")),
    ("military", re.compile(r"\bmilitary\b|\bfield marshal\b|\bgeneral\b|\barmy\b")),
    ("diplomat", re.compile(r"\bambassador\b|\bdiplomat\b")),
    ("envoy", re.compile(r"\benvoy\b(?!.*\bson of\b)")),
    ("scholar", re.compile(r"\bprofessor\b|\bpolitical scientist\b|\bacademician\b|\bfellow\b|\bstudy\b|\bscholar\b")),
    ("commentator", re.compile(r"\banalyst\b|\bcommentator\b|\beditor\b")),
    ("journalist", re.compile(r"\bjournalist\b|\breporter\b")),
    ("businessperson", re.compile(r"\bchief executive\b|\bbusinessman\b|\bhedge fund\b|\bceo\b|\binvestor\b")),
]
_GENDER_WORDS = re.compile(r"\b(?:man|woman|he|she|his|her|him|son|daughter|father|mother|wife|husband)\b")


def countries_in(text: str | None) -> set[str]:
    """The countries a role or affiliation names: "Pakistan's military chief" -> {"Pakistan"}."""
    folded = (text or "").casefold().replace("\u2019", "'")
    return {country for country, pattern in _COUNTRY_WORDS if pattern.search(folded)}


def roles_in(text: str) -> set[str]:
    """The role types a role names: "Pakistan's Deputy Prime Minister and Foreign Minister" -> {"minister"}."""
    folded = text.casefold()
    return {role for role, pattern in _ROLE_WORDS if pattern.search(folded)}


def gendered(text: str) -> bool:
    """Whether a stem's wording fixes the answer's gender ("the man Trump tapped as his adviser")."""
    return bool(_GENDER_WORDS.search(text.casefold()))
