"""Whether an event's `what` reads as a noun phrase ("When did ___ take place?") or as a clause."""

import pytest

from quizgen.model.phrases import clause_verb


@pytest.mark.parametrize(
    ("what", "verb"),
    [
        ("the Treaty of Versailles was signed in the Hall of Mirrors at the Palace of Versailles", "was signed"),
        ("the reparations bill, set, came to 132 billion gold marks", "came to"),
        ("Woodrow Wilson, the American president, proposed a League of Nations in his Fourteen Points", "proposed a"),
        ("Pakistan held a summit in Islamabad", "held a"),
        ("Germany lost 13 percent of its territory", "lost 13"),
        ("the government has suspended all aid", "has suspended"),
    ],
)
def test_a_clause_is_found_by_its_finite_verb(what, verb):
    assert clause_verb(what) == verb


@pytest.mark.parametrize(
    "what",
    [
        "the signing of the Treaty of Versailles in the Hall of Mirrors",
        "Trump's claim that the US had given Pakistan over $33 billion in aid",  # the verb is in a subordinate clause
        "the India–Pakistan ceasefire that Trump said his team had brokered",
        "the arrival in Islamabad of a US investor delegation led by Gentry Beach",  # a participle, not a past tense
        "a summit held in Doha",
        "the trade truce reached between China and the Trump administration",
        "Pakistan's shipment of enriched rare earths and other minerals to the US",
        "the long-held view of the US-made jets",
        "the May 2025 clash",
    ],
)
def test_a_noun_phrase_passes(what):
    assert clause_verb(what) is None


def test_every_event_of_the_bundled_deck_reads_as_a_noun_phrase():
    from quizgen.bank.content import load_content
    from quizgen.load.paths import bundled_content

    events = [f for f in load_content(bundled_content()).deck().facts if f.kind == "event"]
    assert len(events) > 50
    assert [f.what for f in events if clause_verb(f.what)] == []
