import json
from dataclasses import replace

import pytest
from conftest import BUNDLED_TEMPLATES, FACTS, write_content

from quizgen.bank.content import load_content
from quizgen.bank.generate import build_questions, render
from quizgen.model.dates import PartialDate, parse_date
from quizgen.model.models import Value
from quizgen.model.quantities import Quantity
from quizgen.model.textnorm import for_option
from quizgen.outputs.exporters.json_export import to_json


def bank_of(root, seed=0):
    return load_content(root).bank(seed=seed)


def test_every_question_has_its_templates_distinct_options_and_a_valid_answer(tmp_path):
    bank = bank_of(write_content(tmp_path, templates=BUNDLED_TEMPLATES))
    assert len(bank.questions) == 31  # the fixture's 27 and 4 true/false statements
    for q in bank.questions:
        n = 2 if q.template == "number-true-false" else 4  # the bundled templates: one true/false, the rest four
        assert len(q.options) == n and q.true_false == (n == 2)
        assert len({for_option(o) for o in q.options}) == n, q
        assert 0 <= q.answer < n
        assert q.source.passage.startswith("test-2024:p") and q.source.quote
        assert q.source.citation == f"Ann Author, Test Times, 3 Mar 2024, para. {q.source.passage.split(':p')[1]}"


def test_ids_come_from_fact_and_template_not_content(tmp_path):
    before = {q.id for q in bank_of(write_content(tmp_path / "a")).questions}
    edited = FACTS.replace("the summit in Capital City that ended without agreement", "the failed Capital City summit")
    after = {q.id for q in bank_of(write_content(tmp_path / "b", edited)).questions}
    assert before == after
    assert "summit/event-when" in before and "aid-cut/event-first" in before


def test_same_content_and_seed_give_identical_output(tmp_path):
    a = to_json(bank_of(write_content(tmp_path / "a"), seed=7))
    b = to_json(bank_of(write_content(tmp_path / "b"), seed=7))
    assert a == b
    c = to_json(bank_of(write_content(tmp_path / "b"), seed=8))
    assert a != c  # option order follows the seed


def test_seed_changes_option_order_not_the_options(content_dir):
    one, two = bank_of(content_dir, 1), bank_of(content_dir, 2)
    for a, b in zip(one.questions, two.questions, strict=True):
        assert a.id == b.id and sorted(a.options) == sorted(b.options) and a.correct == b.correct


def test_date_distractors_have_the_answers_precision(content_dir):
    for q in bank_of(content_dir).questions:
        if q.template == "event-when":
            precisions = {_precision(o) for o in q.options}
            assert len(precisions) == 1, q.options


def _precision(text):
    parts = text.split()
    return len(parts)


def test_number_distractors_share_the_unit(content_dir):
    for q in bank_of(content_dir).questions:
        if q.template == "number-value":
            assert all(o.endswith("%") for o in q.options), q.options


def test_what_questions_never_offer_an_event_of_the_same_period(content_dir):
    bank = bank_of(content_dir)
    whens = {f.what[:1].upper() + f.what[1:]: f.when for f in bank.deck.facts if f.kind == "event"}
    for q in bank.questions:
        if q.template == "event-what":
            answer_date = whens[q.correct]
            for i, option in enumerate(q.options):
                if i != q.answer:
                    assert not whens[option].overlaps(answer_date)


def test_chronology_answer_is_strictly_first(content_dir):
    bank = bank_of(content_dir)
    whens = {f.what[:1].upper() + f.what[1:]: f.when for f in bank.deck.facts if f.kind == "event"}
    firsts = [q for q in bank.questions if q.template == "event-first"]
    assert firsts
    for q in firsts:
        assert all(whens[q.correct].before(whens[o]) for i, o in enumerate(q.options) if i != q.answer)


def test_also_true_values_are_never_offered(tmp_path):
    # Written bare, '19' must still block the rendered "19%", which is otherwise the likeliest distractor.
    facts = FACTS.replace(
        "    explanation: Tariffs were 25% before the pact.\n",
        "    explanation: Tariffs were 25% before the pact.\n    also_true: {value: ['19']}\n",
    )
    bank = bank_of(write_content(tmp_path, facts))
    q = next(q for q in bank.questions if q.id == "tariff-old/number-value")
    assert "19%" not in q.options


def test_attribution_leads_the_stem(content_dir):
    q = next(q for q in bank_of(content_dir).questions if q.id == "reserves/number-value")
    assert q.stem == "According to Di Park, what was the fall in reserves since 2017?"


def test_render_capitalises_and_attributes():
    values = {"what": Value("the pact", ("text",)), "when": Value("May 2019", ("date", "month"))}
    assert render("{What} took place in {when}.", values) == "The pact took place in May 2019."
    assert render("{What} took place in {when}.", values, "Ann") == "According to Ann, the pact took place in May 2019."
    assert render("When did {what} take place?", values, "Ann") == "According to Ann, when did the pact take place?"
    assert render("{who} met", values) is None


def test_hand_written_stem_and_question(tmp_path):
    facts = FACTS.replace(
        "    explanation: The summit took place in June 2020.\n",
        """\
    explanation: The summit took place in June 2020.
    stems: {event-when: "In which month did the Capital City summit end without agreement?"}
    questions:
      - id: where
        stem: "Where was the 2020 summit held?"
        answer: Capital City
        distractors: [Port Town, Hill Village, River Bend]
""",
    )
    bank = bank_of(write_content(tmp_path, facts))
    by_id = {q.id: q for q in bank.questions}
    assert by_id["summit/event-when"].stem == "In which month did the Capital City summit end without agreement?"
    custom = by_id["summit/q/where"]
    assert custom.correct == "Capital City" and sorted(custom.options) == sorted(
        ["Capital City", "Port Town", "Hill Village", "River Bend"]
    )


def test_json_export_shape(content_dir):
    data = json.loads(to_json(bank_of(content_dir)))
    assert set(data["deck"]) >= {"id", "title"}
    assert data["deck"]["id"] == "d"
    q = data["questions"][0]
    assert set(q) >= {"id", "fact", "kind", "level", "stem", "options", "answer", "explanation", "tags", "source"}
    assert set(q["source"]) == {"seed", "passage", "quote", "citation", "quoted"}
    assert q["level"] == "recall" and q["see_also"] == []
    assert isinstance(q["answer"], int) and len(q["options"]) == 4


def test_parse_date_used_for_curated_dates(tmp_path):
    facts = FACTS.replace(
        '    distractors: {when: ["2022"]}',
        "    distractors: {when: ['2015', '2016', '2022', '2023']}",
    )
    q = next(q for q in bank_of(write_content(tmp_path, facts)).questions if q.id == "talks-call/event-when")
    # Curated years, two on each side of the key, so whichever rank the question draws they fill it.
    assert set(q.options) <= {"2015", "2016", "2021", "2022", "2023"} and "2021" in q.options
    assert parse_date("2015") is not None


def test_role_distractors_never_name_the_person_asked_about(tmp_path):
    facts = (
        FACTS.replace("role: the opposition leader", "role: the rival of Bo Smith")
        .replace(
            "    explanation: Bo Smith is a minister.\n",
            "    explanation: Bo Smith is a minister.\n    distractors: {role: [the finance minister]}\n",
        )
        .replace(
            "    explanation: Ed Lee leads the opposition.\n",
            "    explanation: Ed Lee leads the opposition.\n    distractors: {name: [Fay Wong]}\n",
        )
    )
    bank = bank_of(write_content(tmp_path, facts))
    q = next(q for q in bank.questions if q.id == "smith/figure-role")
    assert "The rival of Bo Smith" not in q.options
    q = next(q for q in bank.questions if q.id == "lee/figure-name")
    assert "Bo Smith" not in q.options


def test_chronology_follows_one_texts_account(tmp_path):
    """The stem says whose account; the events come from that text only, a month apart at least, never one
    whose label another event of the text resembles."""
    facts = (
        FACTS.replace(
            "    explanation: Examplia suspended aid in January 2018.\n",
            "    explanation: Examplia suspended aid in January 2018.\n    according_to: Author\n",
        )
        + OTHER_TEXT_EVENTS
    )
    root = write_content(tmp_path, facts)
    (root / "seeds" / "other-2024.txt").write_text(OTHER_TEXT, encoding="utf-8")
    (root / "seeds" / "other-2024.yaml").write_text(OTHER_META, encoding="utf-8")
    by_id = {q.id: q for q in bank_of(root).questions}
    first = by_id["aid-cut/event-first"]
    assert first.stem == "According to Author's column, which of these took place first?"
    assert sorted(first.options) == sorted(
        [
            "The suspension of Examplia's aid to Testland",
            "The signing of the Examplia–Testland trade pact",
            "The summit in Capital City that ended without agreement",
            "The opposition leader's call for new talks",
        ]
    )
    assert by_id["aid-cut/event-when"].stem.startswith("According to Author, when did")
    chronology = [q for q in by_id.values() if q.template in ("event-first", "event-last")]
    other = {"The Testland floods", "The Testland floods relief", "The Examplia election", "The Examplia census"}
    other |= {"Examplia joining the league", "Examplia leaving the league", "Examplia's new constitution"}
    assert any(set(q.options) <= other for q in chronology)
    for q in chronology:
        assert not other & set(q.options) or set(q.options) <= other, q.options  # never two texts mixed
    # Two floods events (alike labels) are never ordered; the election and the census, ten days apart, never meet.
    assert all("The Testland floods" not in q.options for q in chronology)
    assert all(not {"The Examplia election", "The Examplia census"} <= set(q.options) for q in chronology)


OTHER_TEXT = """\
Another Title

By Ben Other

Floods hit Testland in March 2010. Relief for the Testland floods came in 2012. Examplia held an election on
1 May 2015 and a census on 11 May 2015. Examplia joined the league in 2016 and left it in 2019. A new
constitution followed in 2021.
"""

OTHER_META = """\
title: "Another Title"
authors: [Ben Other]
cite_as: Other
outlet: Other Times
date: "2024-05-05"
type: research paper
not_citable: [1, 2]
"""

OTHER_TEXT_EVENTS = """\
  - id: floods
    kind: event
    what: the Testland floods
    when: "2010-03"
    tags: [other]
    explanation: Floods in March 2010.
    source: {seed: other-2024, quote: "Floods hit Testland in March 2010."}
  - id: floods-relief
    kind: event
    what: the Testland floods relief
    when: "2012"
    tags: [other]
    explanation: Relief in 2012.
    source: {seed: other-2024, quote: "Relief for the Testland floods came in 2012."}
  - id: election
    kind: event
    what: the Examplia election
    when: "2015-05-01"
    tags: [other]
    explanation: An election in May 2015.
    source: {seed: other-2024, quote: "Examplia held an election on"}
  - id: census
    kind: event
    what: the Examplia census
    when: "2015-05-11"
    tags: [other]
    explanation: A census in May 2015.
    source: {seed: other-2024, quote: "a census on 11 May 2015"}
  - id: league-join
    kind: event
    what: Examplia joining the league
    when: "2016"
    tags: [other]
    explanation: Joined in 2016.
    source: {seed: other-2024, quote: "Examplia joined the league in 2016"}
  - id: league-leave
    kind: event
    what: Examplia leaving the league
    when: "2019"
    tags: [other]
    explanation: Left in 2019.
    source: {seed: other-2024, quote: "left it in 2019"}
  - id: constitution
    kind: event
    what: Examplia's new constitution
    when: "2021"
    tags: [other]
    explanation: A constitution in 2021.
    source: {seed: other-2024, quote: "constitution followed in 2021"}
"""


def test_holder_distractors_match_the_answers_type(tmp_path):
    """A country is not offered among people as the answer to 'Who argued ...?', nor a person among countries."""
    from quizgen.bank.generate import _is_person

    assert _is_person("Javid Husain") and _is_person("Dominic, Liaqat and Tanveer")
    assert not _is_person("India") and not _is_person("the Indian government")


# Stability: Anki notes and printed versions keep their wrong options when unrelated content changes.


def _options_by_question(deck):
    return {q.id: {for_option(o) for o in q.options} for q in build_questions(deck, arrange=False)}


def _newcomers(deck):
    """One new fact of each kind, made from the deck's first fact of that kind with new values throughout."""
    first = {}
    for fact in deck.facts:
        first.setdefault(fact.kind, fact)
    return [
        replace(
            first["event"], id="zz-new-event", what="the opening of a consulate in Gwadar", when=PartialDate(2025, 6)
        ),
        replace(
            first["figure"], id="zz-new-figure", name="Jane Q. Example", aliases=(), role="special envoy for trade"
        ),
        replace(first["position"], id="zz-new-position", holder="Jane Q. Example", stance="trade should come first"),
        replace(
            first["number"],
            id="zz-new-number",
            measures="consulates opened in 2025",
            value=Quantity(7, None, "consulates"),
        ),
    ]


def test_a_new_fact_changes_other_questions_only_by_being_offered_in_them():
    deck = load_content().deck()  # the bundled deck: real pools of dozens of candidates per question
    before = _options_by_question(deck)
    for new in _newcomers(deck):
        # At the front of the deck: nothing in the draw may depend on a fact's position in the deck.
        after = _options_by_question(replace(deck, facts=(new, *deck.facts)))
        offered = {for_option(v.text) for v in new.values().values()}
        changed = [qid for qid in before if after.get(qid) != before[qid]]
        assert all(after.get(qid) and after[qid] & offered for qid in changed), (new.id, changed[:5])
        assert any(qid.startswith(new.id + "/") for qid in after)


def test_reordering_the_deck_changes_no_question():
    deck = load_content().deck()
    assert _options_by_question(replace(deck, facts=deck.facts[::-1])) == _options_by_question(deck)


def test_hand_written_questions_carry_their_level_and_see_also_quotes(tmp_path):
    facts = FACTS.replace(
        "    skip: [position-holder]\n",
        """    skip: [position-holder]
    questions:
      - id: compare
        level: comparison
        see_also: [park]
        stem: "How does Jones's view of the pact differ from Park's warning?"
        answer: "Jones faults the pact; Park warns about reserves"
        distractors: ["Both praise the pact", "Both warn about reserves", "Jones warns about reserves; Park faults the pact"]
""",
    )
    by_id = {q.id: q for q in bank_of(write_content(tmp_path, facts)).questions}
    q = by_id["jones-pact/q/compare"]
    assert q.level == "comparison"
    assert [s.quote for s in q.see_also] == ["The central bank governor, Di Park, warned"]
    assert {by_id[i].level for i in by_id if i != q.id} == {"recall"}
    data = json.loads(to_json(bank_of(write_content(tmp_path, facts))))
    exported = next(d for d in data["questions"] if d["id"] == q.id)
    assert exported["level"] == "comparison"
    assert [s["passage"] for s in exported["see_also"]] == ["test-2024:p7"]


ORDERED = """    skip: [position-holder]
    questions:
      - id: years
        stem: "In which two years did Jones speak?"
        answer: "In 2019 and 2021"
        distractors: ["In 2021 and 2023", "In 2015 and 2019", "In 2019 and 2023"]
        ordered: true
"""


def test_an_ordered_hand_written_question_shows_its_options_by_their_numbers(tmp_path):
    facts = FACTS.replace("    skip: [position-holder]\n", ORDERED)
    by_id = {q.id: q for q in bank_of(write_content(tmp_path, facts)).questions}  # arranged, as every output is
    q = by_id["jones-pact/q/years"]
    expected = ["In 2015 and 2019", "In 2019 and 2021", "In 2019 and 2023", "In 2021 and 2023"]
    assert (list(q.options), q.correct, q.ordered) == (expected, "In 2019 and 2021", True)
    assert list(q.reordered([3, 2, 1, 0]).options) == expected  # never shuffled, in any output
    unordered = FACTS.replace("    skip: [position-holder]\n", ORDERED.replace("        ordered: true\n", ""))
    plain = {q.id: q for q in bank_of(write_content(tmp_path / "u", unordered)).questions}["jones-pact/q/years"]
    assert (plain.ordered, sorted(plain.options)) == (False, expected)  # without the key: shuffled as before


def test_an_ordered_question_needs_a_number_in_every_option(tmp_path):
    from click.testing import CliRunner

    from quizgen.cli import main

    facts = FACTS.replace("    skip: [position-holder]\n", ORDERED.replace('"In 2015 and 2019"', '"Never"'))
    result = CliRunner().invoke(main, ["--content", str(write_content(tmp_path, facts)), "validate"])
    assert result.exit_code == 1
    assert any(
        line.endswith(": an ordered question sorts its options by their numbers; 'Never' names none")
        and line.startswith("decks/d/facts.yaml:")
        for line in result.output.splitlines()
    ), result.output


def test_unreliable_dates_are_never_asked_ordered_or_offered(tmp_path):
    facts = FACTS.replace('    when: "2019-05"\n', '    when: "2019-05"\n    unreliable: [when]\n')
    bank = bank_of(write_content(tmp_path, facts))
    ids = {q.id for q in bank.questions}
    # Neither asked ("When did ...?", "Which took place in May 2019?") nor ordered among others.
    assert not {i for i in ids if i.startswith("trade-pact/event-")}
    assert all("May 2019" not in o for q in bank.questions for o in q.options)
    # Nor offered among the events of a date: "Which took place in June 2020?" cannot rule out the pact.
    assert all("trade pact" not in o for q in bank.questions if q.kind == "event" for o in q.options)
    before = {q.id for q in bank_of(write_content(tmp_path / "b")).questions}
    # Only four events: without the pact, the first and the last lack three others to be ordered among, and the
    # others' "Which took place in ...?" lack three wrong events.
    lost = {f"trade-pact/event-{t}" for t in ("when", "what", "first", "last")} | {
        "aid-cut/event-first",
        "talks-call/event-last",
        "aid-cut/event-what",
        "summit/event-what",
        "talks-call/event-what",
    }
    assert ids == before - lost


def test_quoted_material_is_carried_in_the_source(tmp_path):
    facts = FACTS.replace(
        '    source: {seed: test-2024, quote: "Minister Bo Smith said the aid"}',
        '    source: {seed: test-2024, quote: "Minister Bo Smith said the aid", quoted: {by: Bo Smith, kind: statement,'
        ' date: "2018-01"}}',
    )
    q = next(q for q in bank_of(write_content(tmp_path, facts)).questions if q.fact == "smith")
    assert (q.source.quoted.by, q.source.quoted.kind, q.source.quoted.date) == (
        "Bo Smith",
        "statement",
        PartialDate(2018, 1),
    )


def test_date_and_number_options_are_ascending_and_never_reshuffled(tmp_path):
    content_dir = write_content(tmp_path, templates=BUNDLED_TEMPLATES)  # true/false statements too
    from quizgen.bank.arrange import _order_key
    from quizgen.outputs.exporters.moodle_xml import to_moodle_xml
    from quizgen.outputs.exporters.qti import meta_xml
    from quizgen.study.session import present

    for seed in (0, 1, 2):
        bank = bank_of(content_dir, seed)
        ordered = [q for q in bank.questions if q.ordered and not q.true_false]
        assert {q.template for q in ordered} == {"event-when", "number-value"}
        assert all(
            not q.ordered
            for q in bank.questions
            if q.template not in ("event-when", "number-value", "number-true-false")
        )
        assert all(q.ordered and q.options == ("True", "False") for q in bank.questions if q.true_false)
        for q in ordered:
            assert [_order_key(o) for o in q.options] == sorted(_order_key(o) for o in q.options), q.options
            assert present(q, seed, attempt=3) == q
    xml = to_moodle_xml(bank).decode()
    assert xml.count("<shuffleanswers>0</shuffleanswers>") == len(ordered)
    assert b"<shuffle_answers>false</shuffle_answers>" in meta_xml(bank, bank.questions, "x")
    assert b"<shuffle_answers>true</shuffle_answers>" in meta_xml(
        bank, [q for q in bank.questions if not q.ordered], "x"
    )


def test_the_keys_rank_among_dates_is_spread_evenly(tmp_path):
    """Over 80 dated events the key is the earliest, second, third or latest option about equally often."""
    import calendar
    from collections import Counter

    months = [(2000 + i % 21, 1 + (i * 5) % 12) for i in range(80)]
    text = "\n\n".join(f"Event {i} happened in {calendar.month_name[m]} {y}." for i, (y, m) in enumerate(months))
    facts = "facts:\n" + "".join(
        f'  - id: e{i}\n    kind: event\n    what: event number {i}\n    when: "{y}-{m:02d}"\n    tags: [t]\n'
        f'    explanation: E.\n    source: {{seed: test-2024, quote: "Event {i} happened in"}}\n'
        for i, (y, m) in enumerate(months)
    )
    root = write_content(tmp_path, facts)
    (root / "seeds" / "test-2024.txt").write_text(f"Title\n\nBy A\n\n{text}\n\nend\n", encoding="utf-8")
    (root / "seeds" / "test-2024.yaml").write_text(
        'title: "T"\nauthors: [A]\ncite_as: A\noutlet: O\ndate: "2024"\ntype: opinion column\nnot_citable: [1, 2]\n',
        encoding="utf-8",
    )
    from quizgen.bank.arrange import _digest64

    asked = [q for q in bank_of(root).questions if q.template == "event-when"]
    # Each question gets the rank its id draws (0-3, uniform by construction), wherever the dates allow it ...
    assert all(q.answer == _digest64(f"rank\x1f{q.id}") % 4 for q in asked)
    # ... so over the bank no rank is much likelier than another (80 draws: within three standard deviations).
    ranks = Counter(q.answer for q in asked)
    assert len(asked) == 80 and all(0.1 <= ranks[r] / len(asked) <= 0.4 for r in range(4)), ranks


def test_a_latest_year_without_later_dates_is_not_asked(tmp_path):
    facts = "\n".join(line for line in FACTS.split("\n") if 'distractors: {when: ["2022"]}' not in line)
    content = load_content(write_content(tmp_path, facts))
    bank = content.bank(seed=0)
    warnings = [p.message for p in content.generated("d").problems if p.severity == "warning"]
    # The question's id draws the rank "earliest" (only "latest" could do without later years): not asked.
    assert "talks-call/event-when" not in {q.id for q in bank.questions}
    assert warnings == [
        "fact 'talks-call' gets no 'event-when' question: every date option would be earlier than the key; "
        "add curated distractors.when or skip: [event-when]"
    ]


def test_generated_explanations_of_an_attributed_fact_are_attributed(tmp_path):
    facts = FACTS.replace("    explanation: Park said reserves fell by 40 percent.\n", "").replace(
        "    explanation: The pact was signed in May 2019.\n", "    according_to: Cy Jones\n"
    )
    by_id = {q.id: q for q in bank_of(write_content(tmp_path, facts)).questions}
    # The template's explain, used when a fact has no explanation of its own, keeps the fact's attribution.
    assert (
        by_id["reserves/number-value"].explanation == "According to Di Park, the fall in reserves since 2017 was 40%."
    )
    assert by_id["trade-pact/event-when"].explanation == (
        "According to Cy Jones, the signing of the Examplia–Testland trade pact took place in May 2019."
    )
    # A chronology explanation says whose date an attributed event's is.
    chronology = by_id["aid-cut/event-first"].explanation
    assert "The signing of the Examplia–Testland trade pact (May 2019, according to Cy Jones)" in chronology
    assert "The suspension of Examplia's aid to Testland (January 2018)" in chronology


# --- option counts and true/false ------------------------------------------------------------------------------------

NUMBER_TEMPLATES = """
templates:
  - id: number-value
    kind: number
    stem: "What was {{measures}}?"
    answer: value
    distractors: generated
    options: {options}
  - id: number-tf
    kind: number
    format: true-false
    stem: "{{Measures}} was {{value}}."
    answer: value
    distractors: generated
    explain: "{{Measures}} was {{value}}."
"""


NUMBERS = "facts:\n" + FACTS[FACTS.index("  - id: tariff-new") :]
"""The fixture's number facts alone."""


def _numbers(tmp_path, options):
    root = write_content(tmp_path / f"o{options}", NUMBERS, templates=NUMBER_TEMPLATES.format(options=options))
    return load_content(root).bank(seed=3).questions


@pytest.mark.parametrize("options", [2, 3, 4, 5])
def test_a_template_with_n_options_gives_n_distinct_options_with_a_rank_free_key(tmp_path, options):
    questions = [q for q in _numbers(tmp_path, options) if q.template == "number-value"]
    assert len(questions) == 4
    for q in questions:
        assert len(q.options) == options and len({for_option(o) for o in q.options}) == options
        values = [float(o.rstrip("%")) for o in q.options]
        assert values == sorted(values) and q.ordered  # ascending, the key anywhere among them


def test_more_options_keep_the_four_option_draw_and_add_to_it(tmp_path):
    four = {q.id: set(q.options) for q in _numbers(tmp_path, 4) if q.template == "number-value"}
    five = {q.id: set(q.options) for q in _numbers(tmp_path, 5) if q.template == "number-value"}
    assert four.keys() == five.keys()
    # Same Gumbel ranking, one more taken; the key's drawn rank (id % 5 rather than % 4) may move one value.
    assert sum(len(four[k] & five[k]) for k in four) >= 3 * len(four)


def test_true_false_states_the_fact_or_a_plainly_wrong_value_in_a_fixed_order(tmp_path):
    questions = {q.fact: q for q in _numbers(tmp_path, 4) if q.template == "number-tf"}
    assert sorted(questions) == ["reserves", "tariff-2020", "tariff-new", "tariff-old"]
    rights = {"reserves": "40%", "tariff-2020": "50%", "tariff-new": "19%", "tariff-old": "25%"}
    for fact, q in questions.items():
        assert q.id == f"{fact}/number-tf" and q.format == "true-false" and q.true_false
        assert q.options == ("True", "False") and q.ordered
        true = q.answer == 0
        assert (f"was {rights[fact]}." in q.stem) == true, q.stem
        if not true:  # a number at least twice or half the key: no hedge of the text could allow it
            shown = float(q.stem.rsplit(" was ", 1)[1].rstrip("%."))
            key = float(rights[fact].rstrip("%"))
            assert max(shown, key) >= 2 * min(shown, key), q.stem
        verdict = "True" if true else "False"
        assert q.explanation.startswith(f"{verdict}: ") and f"was {rights[fact]}." in q.explanation
    assert questions["reserves"].stem.startswith("According to Di Park, the fall in reserves since 2017 was ")
    assert {q.answer for q in questions.values()} == {0, 1}


def test_true_false_truth_is_drawn_from_the_id_alone_near_half_over_many():
    from quizgen.bank.arrange import _digest64

    drawn = [_digest64(f"true\x1ff{i}/tf") % 2 == 0 for i in range(2000)]
    assert 0.45 < sum(drawn) / len(drawn) < 0.55


def test_seed_and_shuffling_never_move_true_and_false(tmp_path):
    for seed in (0, 1, 2):
        root = write_content(tmp_path / f"s{seed}", NUMBERS, templates=NUMBER_TEMPLATES.format(options=4))
        tf = [q for q in load_content(root).bank(seed=seed).questions if q.true_false]
        assert all(q.options == ("True", "False") for q in tf)
        assert all(q.reordered([1, 0]) == q for q in tf)


def test_a_chronology_template_cannot_be_true_false_or_have_five_options(tmp_path):
    templates = """
templates:
  - {id: tf-first, kind: event, stem: "Which of these took place first?", answer: what, order: first,
     format: true-false}
  - {id: five-first, kind: event, stem: "Which of these took place first?", answer: what, order: first, options: 5}
"""
    problems = load_content(write_content(tmp_path, templates=templates), cache=False).generated("d").problems
    assert [p.message for p in problems if p.severity == "error"] == [
        "template 'tf-first': a chronology question cannot be true-false",
        "template 'five-first': a chronology question has at most 4 options",
    ]


# Speed-ups that must not change what is drawn: each is checked against the plain computation it replaces.


def _doubled(deck):
    """A renamed copy of every fact, then the deck: values offered twice, as synthetic x10 content has them. The
    copies come first and a copied person works elsewhere, so a copy is a less alike source of the same value."""

    def copy(fact):
        moved = {"affiliation": "Elsewhere"} if getattr(fact, "affiliation", None) else {}
        return replace(fact, id=f"{fact.id}-copy", **moved)

    return replace(deck, facts=(*map(copy, deck.facts), *deck.facts))


def _questions(deck):
    return [(q.id, q.options) for q in build_questions(deck, arrange=False)]


def test_alike_runs_group_values_a_question_weighs_alike():
    from quizgen.bank.generate import _alike

    base = next(f for f in load_content().deck().facts if f.kind == "figure")
    ann, bob, cy, dee = (
        replace(base, id=n, affiliation=a) for n, a in [("a", "US"), ("b", "US"), ("c", "IN"), ("d", "US")]
    )
    envoy, other = Value("envoy", ("text", "role")), Value("Envoy", ("text", "role"))
    entries = [(0, ann, envoy, "envoy", 5.0), (1, bob, envoy, "envoy", 5.0), (2, cy, envoy, "envoy", 5.0)]
    entries += [(3, dee, other, "envoy", 5.0), (4, bob, envoy, "envoy", 6.0), (5, dee, envoy, "envoy", 5.0)]
    # One run per option key, position, text and affiliation, each in deck order.
    assert [[e[0] for e in run] for run in _alike(entries)] == [[0, 1, 5], [2], [3], [4]]


def test_drawing_from_runs_of_alike_values_draws_what_weighing_every_fact_draws(monkeypatch):
    from quizgen.bank import generate

    deck = _doubled(load_content().deck())  # 308 positions: every group is weighed in full (_SCAN_ALL)
    fast = _questions(deck)
    monkeypatch.setattr(generate, "_alike", lambda entries: [[entry] for entry in entries])
    assert fast == _questions(deck)


# --- attribution: never doubled, never dangling ----------------------------------------------------------------------


def test_an_according_to_that_names_the_holder_is_left_out_of_generated_wording(tmp_path):
    # The author's walk (Lincoln): `holder: Abraham Lincoln, according_to: Lincoln` gave "According to Lincoln, which
    # view did Abraham Lincoln express on ...?", and the holder question named its own answer.
    facts = (
        FACTS.replace("    explanation: Jones criticised the pact.\n", "    according_to: Jones\n")
        .replace("    skip: [position-holder]\n", "")
        .replace(
            "      stance: [the pact was a triumph",
            "      holder: [Bo Smith, Di Park, Ed Lee]\n      stance: [the pact was a triumph",
        )
    )
    by_id = {q.id: q for q in bank_of(write_content(tmp_path, facts)).questions}
    stance = by_id["jones-pact/position-stance"]
    assert stance.stem == "Which view did Cy Jones express on the trade pact?"
    assert stance.explanation == "Cy Jones argued that the pact was a mistake."
    assert by_id["jones-pact/position-holder"].stem == "Who argued that the pact was a mistake?"
    # Anyone else's account keeps its attribution.
    assert by_id["reserves/number-value"].stem == "According to Di Park, what was the fall in reserves since 2017?"


def test_a_true_false_explanation_without_an_explain_ends_with_the_statement(tmp_path):
    templates = NUMBER_TEMPLATES.format(options=4).replace('    explain: "{Measures} was {value}."\n', "")
    facts = NUMBERS.replace("    explanation: Park said reserves fell by 40 percent.\n", "")
    root = write_content(tmp_path, facts, templates=templates)
    q = next(q for q in load_content(root).bank(seed=3).questions if q.id == "reserves/number-tf")
    assert not q.explanation.endswith("According to Di Park, ")
    right = "According to Di Park, the fall in reserves since 2017 was 40%."
    assert q.explanation == f"{'True' if q.correct == 'True' else 'False'}: {right}"


def test_render_of_an_empty_pattern_is_empty_even_when_attributed():
    assert render("", {}, "Ann") == ""


def test_values_that_differ_only_by_a_leading_article_are_never_offered_together(tmp_path):
    # The author's walk (Lincoln): a holder question offered both "The Government" and "Government".
    facts = FACTS.replace("holder: Cy Jones", "holder: Government").replace(
        "    skip: [position-holder]\n", "      holder: [the Government, Bo Smith, Di Park, Ed Lee]\n"
    )
    q = next(q for q in bank_of(write_content(tmp_path, facts)).questions if q.id == "jones-pact/position-holder")
    assert sorted(q.options) == ["Bo Smith", "Di Park", "Ed Lee", "Government"]


def test_chronology_day_numbers_tell_what_well_before_tells():
    from quizgen.bank.generate import _GAP_DAYS, _Pools, _well_before

    dates = [PartialDate(y) for y in (2016, 2017)]
    dates += [PartialDate(y, m) for y in (2016, 2017) for m in (1, 2, 3, 11, 12)]
    dates += [PartialDate(2017, m, d) for m in (1, 2, 3) for d in (1, 2, 28, 31) if (m, d) != (2, 31)]
    dates += [PartialDate(2016, 2, 29), PartialDate(2016, 12, 2), PartialDate(2016, 12, 31)]
    base = next(f for f in load_content().deck().facts if f.kind == "event")
    events = [replace(base, id=f"e{i}", when=d) for i, d in enumerate(dates)]
    pools = _Pools(events)
    apart = 0
    for a in events:
        for b in events:
            by_days = pools.days(b)[0] - pools.days(a)[1] >= _GAP_DAYS
            assert by_days == _well_before(a.when, b.when), (a.when, b.when)
            apart += by_days
    assert 0 < apart < len(events) ** 2  # both answers were asked about


def test_generated_questions_are_the_questions_their_fields_make():
    # The generator makes questions without the dataclass's __init__ (questions.unchecked, then generate._checked):
    # each must equal the Question its fields make, carry its fact's same_point, and still refuse a wrong option count.
    from dataclasses import fields

    from quizgen.bank.generate import _checked
    from quizgen.model.models import Question
    from quizgen.model.questions import unchecked

    content = load_content(None, cache=False)
    deck = content.deck()
    facts = {f.id: f for f in deck.facts}
    questions = content.generated(deck.slug).questions
    assert any(q.same_point for q in questions) and any(q.true_false for q in questions)
    for q in questions:
        made = Question(**{f.name: getattr(q, f.name) for f in fields(Question)})
        assert made == q and list(vars(made)) == list(vars(q))
        assert q.same_point == facts[q.fact].same_point
    with pytest.raises(ValueError, match="6 options"):
        _checked(unchecked(deck.facts[0], "x/y", "y", "stem", tuple("abcdef"), 0, ""))
