"""The entity registry (decks/<deck>/entities.yaml): loaded with located errors, completed from the facts, and
used so that every wrong name, holder or role is one a student could believe."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner

from quizgen.bank.content import load_content
from quizgen.cli import main

TEMPLATES = (Path(__file__).resolve().parent.parent / "decks" / "us-pakistan-india" / "templates.yaml").read_text()

PEOPLE = [
    # name, role, affiliation, sentence
    ("Ann Alpha", "Examplia's president", "Examplia", "Ann Alpha, Examplia's president, spoke first."),
    ("Bob Beta", "Examplia's trade minister", "Examplia", "Bob Beta, Examplia's trade minister, spoke next."),
    ("Cal Gamma", "the adviser who drafted the pact", "Examplia", "Cal Gamma, an adviser, drafted the pact."),
    ("Dan Delta", "the spokesman of the foreign ministry", "Examplia", "Dan Delta, a spokesman, briefed the press."),
    ("Eve Epsilon", "the official who flew to Testland in 1971", "Examplia", "Eve Epsilon flew to Testland in 1971."),
    ("Fay Zeta", "the man Ann Alpha tapped as her envoy", "Examplia", "Fay Zeta was tapped as envoy."),
    ("Gus Eta", "Testland's finance minister", "Testland", "Gus Eta, Testland's finance minister, objected."),
    ("Hal Theta", "Testland's foreign minister", "Testland", "Hal Theta, Testland's foreign minister, agreed."),
]
AUTHORS = ["Ann Author", "Ben Writer", "Cat Scribe", "Dee Pen"]
EXPERTS = [("Ivy Iota", "Testland"), ("Jo Kappa", "Examplia"), ("Kim Lambda", "Testland")]

ENTITIES = """\
entities:
  - {name: Ann Alpha, roles: [head-of-state], active: [2020, 2020], gender: female}
  - {name: Bob Beta, active: [2020, 2020], gender: male}
  - {name: Cal Gamma, active: [2020, 2020], gender: male}
  - {name: Dan Delta, active: [2020, 2020], gender: male}
  - {name: Eve Epsilon, active: [1971, 1971], gender: female}
  - {name: Fay Zeta, roles: [envoy], active: [2020, 2020], gender: male}
  - {name: Gus Eta, active: [2020, 2020]}
  - {name: Hal Theta, active: [2020, 2020]}
  - {name: Ivy Iota, type: person, country: Testland, roles: [commentator]}
  - {name: Jo Kappa, type: person, country: Examplia, roles: [scholar]}
  - {name: Kim Lambda, type: person, country: Testland, roles: [commentator]}
  - {name: Ann Author, country: Examplia, roles: [commentator]}
  - {name: Ben Writer, country: Testland, roles: [commentator]}
  - {name: Cat Scribe, country: Examplia, roles: [scholar]}
  - {name: Dee Pen, country: Testland, roles: [commentator]}
  - {name: Examplian officials, type: officials, country: Examplia}
  - {name: Testland, type: country}
  - {name: Examplia, type: country}
"""


def write(root: Path, entities: str | None = ENTITIES, extra_facts: str = "") -> Path:
    """Four texts, one per author: the people and their stances, all in the first."""
    (root / "seeds").mkdir(parents=True)
    deck = root / "decks" / "d"
    deck.mkdir(parents=True)
    facts = ["facts:"]
    for i, author in enumerate(AUTHORS):
        slug = f"s{i}-2024"
        lines = [f"Argued by {author}: the pact will fail {i}.", "Examplian officials said the pact would hold."]
        if i == 0:
            lines += [p[3] for p in PEOPLE] + [f"{e} argued that stance {n} holds." for n, (e, _) in enumerate(EXPERTS)]
            lines += ["Testland argued the pact was unfair."]
        text = "Title\n\nBy " + author + "\n\n" + "\n\n".join(lines) + "\n"
        (root / "seeds" / f"{slug}.txt").write_text(text, encoding="utf-8")
        meta = f'title: "T{i}"\nauthors: [{author}]\ncite_as: {author.split()[-1]}\noutlet: O\ndate: "2024"\n'
        (root / "seeds" / f"{slug}.yaml").write_text(meta + "type: opinion column\nnot_citable: [1, 2]\n")
        facts.append(
            f"  - {{id: claim-{i}, kind: position, holder: {author}, topic: the pact, stance: the pact will fail {i},"
            f" tags: [t], explanation: E., skip: [position-stance],"
            f' source: {{seed: {slug}, quote: "Argued by {author}: the pact will fail {i}."}}}}'
        )
    for n, (name, role, affiliation, sentence) in enumerate(PEOPLE):
        facts.append(
            f'  - {{id: p{n}, kind: figure, name: {name}, role: "{role}", affiliation: {affiliation}, tags: [t],'
            f' explanation: E., source: {{seed: s0-2024, quote: "{sentence}"}}}}'
        )
    for n, (name, _) in enumerate(EXPERTS):
        facts.append(
            f"  - {{id: x{n}, kind: position, holder: {name}, topic: t, stance: stance {n} holds, tags: [t],"
            f' explanation: E., skip: [position-stance], source: {{seed: s0-2024, quote: "{name} argued that"}}}}'
        )
    facts.append(
        "  - {id: officials, kind: position, holder: Examplian officials, topic: t, stance: the pact would hold,"
        ' tags: [t], explanation: E., skip: [position-stance], source: {seed: s0-2024, quote: "Examplian officials'
        ' said the pact would hold."}}'
    )
    (deck / "facts.yaml").write_text("\n".join(facts) + "\n" + textwrap.dedent(extra_facts), encoding="utf-8")
    (deck / "deck.yaml").write_text('title: "D"\n', encoding="utf-8")
    (deck / "templates.yaml").write_text(TEMPLATES, encoding="utf-8")
    if entities is not None:
        (deck / "entities.yaml").write_text(entities, encoding="utf-8")
    return root


def test_the_registry_is_completed_from_facts_and_texts(tmp_path):
    content = load_content(write(tmp_path))
    assert [p.format() for p in content.errors] == []
    entities = content.deck().entities
    bob = entities["bob beta"]
    assert (bob.type, bob.country, bob.roles, bob.active) == (
        "person",
        "Examplia",
        frozenset({"minister"}),
        (2020, 2020),
    )
    assert entities["gus eta"].roles == {"minister"} and entities["gus eta"].country == "Testland"
    assert entities["cal gamma"].roles == {"official"}
    assert entities["ann author"].author and not entities["ivy iota"].author


def test_registry_problems_are_located(tmp_path):
    bad = ENTITIES.replace("roles: [head-of-state]", "roles: [head-of-stat]").replace(
        "{name: Ivy Iota, type: person", "{name: Ivy Iota, type: persn"
    )
    bad = bad.replace("active: [1971, 1971], gender: female", "active: [1971], gender: f")
    result = CliRunner().invoke(main, ["--content", str(write(tmp_path, bad)), "validate"])
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert lines[:4] == [
        "decks/d/entities.yaml:2:31: role type 'head-of-stat' must be one of head-of-state, head-of-government, "
        "minister, official, military, diplomat, envoy, commentator, scholar, journalist, businessperson "
        "(did you mean 'head-of-state'?)",
        "decks/d/entities.yaml:6:33: active must be [first year, last year], not [1971]",
        "decks/d/entities.yaml:6:49: gender 'f' must be male or female",
        "decks/d/entities.yaml:10:28: type 'persn' must be one of person, group, officials, unnamed, government, "
        "country, institution, outlet (did you mean 'person'?)",
    ]


def test_a_holder_without_an_entry_is_a_warning(tmp_path):
    missing = ENTITIES.replace("  - {name: Kim Lambda, type: person, country: Testland, roles: [commentator]}\n", "")
    result = CliRunner().invoke(main, ["--content", str(write(tmp_path, missing)), "validate", "--strict"])
    assert result.exit_code == 1
    assert (
        "decks/d/facts.yaml:16:5: warning: holder 'Kim Lambda' of fact 'x2' has no entry in entities.yaml "
        "(type, country, roles, active)"
    ) in result.output.splitlines()


def _questions(root: Path) -> dict:
    return {q.id: q for q in load_content(root).bank(seed=0).questions}


def _people(q) -> set[str]:
    return set(q.options) - {q.correct}


def test_names_are_of_the_keys_country_role_years_and_gender(tmp_path):
    by_id = _questions(write(tmp_path))
    # "Examplia's trade minister": Examplian officials of 2020, never the president, never Eve Epsilon (1971).
    assert _people(by_id["p1/figure-name"]) == {"Cal Gamma", "Dan Delta", "Fay Zeta"}
    # "the man Ann Alpha tapped as her envoy": men, and never Ann Alpha, whom the stem names.
    assert _people(by_id["p5/figure-name"]) <= {"Bob Beta", "Cal Gamma", "Dan Delta"}
    # "Testland's finance minister": only one other Testland official, so no question rather than a padded one.
    assert "p6/figure-name" not in by_id


def test_each_question_about_one_person_rules_out_whom_its_own_stem_names(tmp_path):
    # Two facts about Fay Zeta: what the registry says of the others is worked out once for both, but whom each stem
    # names is each question's own.
    again = (
        "# Fay Zeta again (unindented, so that dedent leaves the item in the facts list)\n"
        '  - {id: p5b, kind: figure, name: Fay Zeta, role: "the man Cal Gamma tapped as envoy", affiliation: Examplia,'
        ' tags: [t], explanation: E., source: {seed: s0-2024, quote: "Fay Zeta was tapped as envoy."}}\n'
    )
    by_id = _questions(write(tmp_path, extra_facts=again))
    assert _people(by_id["p5/figure-name"]) == {"Bob Beta", "Cal Gamma", "Dan Delta"}
    assert "p5b/figure-name" not in by_id  # without Cal Gamma, two men are left


def test_holders_authors_among_authors_others_among_commentators(tmp_path):
    by_id = _questions(write(tmp_path))
    for i, author in enumerate(AUTHORS):
        assert set(by_id[f"claim-{i}/position-holder"].options) == set(AUTHORS), author
    for n in range(len(EXPERTS)):
        offered = _people(by_id[f"x{n}/position-holder"])
        assert "Examplian officials" not in offered and "Testland" not in offered
        assert not offered & {p[0] for p in PEOPLE}  # officials are no commentators
    assert "officials/position-holder" not in by_id  # unnamed: only curated distractors would do


def test_the_lost_questions_are_warned_about(tmp_path):
    content = load_content(write(tmp_path))
    warned = sorted(
        p.message.split(" question:")[0] for p in content.generated("d").problems if p.severity == "warning"
    )
    assert "fact 'p6' gets no 'figure-name'" in warned


def test_without_a_registry_the_older_heuristics_draw(tmp_path):
    by_id = _questions(write(tmp_path, entities=None))
    assert "p6/figure-name" in by_id  # padded with whoever is nearest, as before the registry


# --- the deck's country words: demonyms and other words that put a text on a country's side -------------------------


def test_country_words_come_from_the_registry_and_place_a_figure(tmp_path):
    """A figure whose affiliation and role name no country by name is placed by the deck's demonyms or words."""
    quote = 'source: {seed: s0-2024, quote: "Ann Alpha, Examplia\'s president, spoke first."}'
    extra = (
        "# placed by a demonym, and by another word of a country\n"
        f"  - {{id: envoy, kind: figure, name: Lou Mu, role: the Examplian envoy, affiliation: the mission,"
        f" tags: [t], explanation: E., {quote}}}\n"
        f"  - {{id: aide, kind: figure, name: Max Nu, role: an aide in Testville, affiliation: the mission,"
        f" tags: [t], explanation: E., {quote}}}\n"
    )
    people = "  - {name: Lou Mu, active: [2020, 2020]}\n  - {name: Max Nu, active: [2020, 2020]}\n"
    plain = ENTITIES + people
    content = load_content(write(tmp_path / "plain", plain, extra))
    assert [p.format() for p in content.errors] == []
    entities = content.deck().entities
    assert entities["lou mu"].country is None and entities["max nu"].country is None  # no word list in quizgen
    worded = plain.replace(
        "{name: Examplia, type: country}", "{name: Examplia, type: country, demonyms: [Examplian]}"
    ).replace("{name: Testland, type: country}", "{name: Testland, type: country, words: [Testville]}")
    content = load_content(write(tmp_path / "worded", worded, extra))
    assert [p.format() for p in content.errors] == []
    entities = content.deck().entities
    assert (entities["lou mu"].country, entities["max nu"].country) == ("Examplia", "Testland")
    assert entities["examplia"].demonyms == ("Examplian",) and entities["testland"].words == ("Testville",)


def test_country_words_belong_to_countries_only(tmp_path):
    bad = ENTITIES.replace("{name: Ivy Iota, type: person,", "{name: Ivy Iota, type: person, demonyms: [Ivian],")
    result = CliRunner().invoke(main, ["--content", str(write(tmp_path, bad)), "validate"])
    assert result.exit_code == 1
    assert "decks/d/entities.yaml:10:46: only a country (type: country) has demonyms" in result.output.splitlines()


def test_a_demonym_begins_a_description_not_a_name():
    from quizgen.bank.generate import _looks_like_a_name

    assert _looks_like_a_name("Examplian officials")  # a deck without country words cannot tell
    assert not _looks_like_a_name("Examplian officials", frozenset({"Examplian"}))
    assert _looks_like_a_name("Examplia", frozenset({"Examplian"})) and not _looks_like_a_name("The envoy")
