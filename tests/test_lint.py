"""Each lint strategy and rule on small hand-made banks that do and do not have the cue."""

from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from conftest import write_content

from quizgen.authoring.lint import STRATEGIES, Category, Cues, check_item, date_value, form, lint, number_value
from quizgen.authoring.lint_report import report_lines
from quizgen.bank.content import load_content
from quizgen.cli import main
from quizgen.model.models import Entity, Figure, Position, Question, Quote
from quizgen.model.roles import CountryWords

SRC = Quote("s", "s:p1", "q", "c")


def q(stem, options, answer=0, qid="x/t"):
    return Question(qid, qid.split("/")[0], "t", "event", stem, tuple(options), answer, "", (), SRC)


def rotate(question, k):
    """The same question with the answer moved to slot k, so banks are position-balanced."""
    order = list(range(4))
    order.remove(question.answer)
    order.insert(k, question.answer)
    return question.reordered(order)


def bank(questions):
    return [rotate(x, i % 4) for i, x in enumerate(questions)]


def test_longest_option_cue_is_caught_and_its_absence_passes():
    cued = bank([q(f"Q{i}?", ["a much longer correct answer here", "short", "brief", "tiny"]) for i in range(8)])
    report = lint(cued)
    assert report.strategies["longest option"].score == 1.0
    assert any("longest option" in f for f in report.failures)
    even = bank(
        [
            q(
                f"Q{i}?",
                ["alpha one", "bravo two", "charlie three", "delta four"][i % 4 :]
                + ["alpha one", "bravo two", "charlie three", "delta four"][: i % 4],
            )
            for i in range(8)
        ]
    )
    assert lint(even).strategies["longest option"].score <= 0.35


def test_shortest_option_cue():
    cued = bank(
        [q(f"Q{i}?", ["no", "a long wrong answer", "another long wrong one", "yet another long one"]) for i in range(8)]
    )
    assert lint(cued).strategies["shortest option"].score == 1.0


def test_stem_overlap_cue():
    cued = bank(
        [
            q(
                "Which treaty did Examplia sign with Testland?",
                ["The Examplia Testland treaty", "A river pact", "A trade deal", "An arms deal"],
            )
        ]
        * 4
    )
    assert lint(cued).strategies["most words shared with the stem"].score == 1.0
    clean = bank([q("Which treaty was signed?", ["Alpha", "Bravo", "Charlie", "Delta"])] * 4)
    assert lint(clean).strategies["most words shared with the stem"].score == 0.25  # all tie: a random guess


def test_other_options_overlap_cue():
    cued = bank([q("Which?", ["trade pact signed", "trade pact broken", "pact signed late", "river crossing"])] * 4)
    # The answer shares the most words with the others (the classic "convergence" cue).
    assert lint(cued).strategies["most words shared with the other options"].score == 1.0


def test_absolute_words_cue():
    cued = bank([q("Which?", ["usually true", "always true", "never true", "only true"])] * 4)
    assert lint(cued).strategies["option without absolute words"].score == 1.0
    none_absolute = bank([q("Which?", ["a", "b", "c", "d"])] * 4)
    assert lint(none_absolute).strategies["option without absolute words"].score == 0.25


def tf(qid, true):
    return Question(
        qid,
        qid.split("/")[0],
        "tf",
        "number",
        "A statement.",
        ("True", "False"),
        1 - true,
        "",
        (),
        SRC,
        ordered=True,
        format="true-false",
    )


def test_a_true_false_item_must_offer_true_then_false():
    bad = Question("x/tf", "x", "tf", "number", "A statement.", ("False", "True"), 0, "", (), SRC, format="true-false")
    assert [f.check for f in check_item(bad)] == ["options"]
    assert check_item(tf("x/tf", True)) == []


def test_true_false_items_balance_true_and_false_and_stay_out_of_positions_and_cues():
    mostly_true = [tf(f"f{i}/tf", i < 7) for i in range(10)]
    report = lint(bank([q(f"Q{i}?", ["a", "b", "c", "d"]) for i in range(8)]) + mostly_true)
    assert report.true_false == (10, 0.7)
    assert report.failures == ["70% of the true/false statements are true (allowed 40%–60%)"]
    assert report.positions == {4: {"A": 0.25, "B": 0.25, "C": 0.25, "D": 0.25}}
    assert report.strategies["longest option"].items == 8  # "False" is longer than "True", and no cue
    balanced = lint([tf(f"f{i}/tf", i < 5) for i in range(10)])
    assert balanced.true_false == (10, 0.5) and not any("true/false" in f for f in balanced.failures)


def test_cue_chance_is_one_over_each_items_own_option_count():
    three = [q(f"T{i}?", ["a much longer correct answer", "b", "c"]) for i in range(8)]
    five = [q(f"F{i}?", ["a much longer correct answer", "b", "c", "d", "e"]) for i in range(8)]
    result = lint(three + five).strategies["longest option"]
    assert result.items == 16 and result.score == 1.0
    assert result.chance == pytest.approx((1 / 3 + 1 / 5) / 2)


def test_answer_positions_are_judged_per_option_count():
    five = [q(f"F{i}?", ["a", "b", "c", "d", "e"], answer=i % 5) for i in range(40)]
    report = lint(five)
    assert report.positions[5] == {letter: 0.2 for letter in "ABCDE"}
    assert not any("5-option" in f for f in report.failures)
    skewed = lint([q(f"F{i}?", ["a", "b", "c", "d", "e"], answer=0) for i in range(40)])
    assert "answer position A of the 5-option items holds 100% of answers (allowed 15%–25%)" in skewed.failures
    few = lint([q(f"F{i}?", ["a", "b", "c", "d", "e"], answer=0) for i in range(39)])
    assert not any("5-option" in f for f in few.failures)  # fewer than MIN_ITEMS per letter: too few to judge


def test_answer_position_balance():
    skewed = [q(f"Q{i}?", ["a", "b", "c", "d"], answer=0) for i in range(32)]
    report = lint(skewed)
    assert report.positions[4]["A"] == 1.0
    assert any(f.startswith("answer position A holds 100%") for f in report.failures)
    assert not any(f.startswith("answer position") for f in lint(bank(skewed)).failures)


def _of_template(template, answers):
    return [
        Question(
            f"f{i}/{template}", f"f{i}", template, "position", f"Who said {i}?", ("a", "b", "c", "d"), k, "", (), SRC
        )
        for i, k in enumerate(answers)
    ]


def test_a_template_whose_key_letters_stray_is_noted_not_failed():
    # 40 "holder" items with A as the key 4 times (10%), balanced over the bank by 40 "stance" items at A 36 times
    holder = _of_template("holder", [0] * 4 + [1, 2, 3] * 12)
    stance = _of_template("stance", [0] * 36 + [1, 2, 3, 1])
    report = lint(holder + stance)
    assert set(report.templates) == {"holder", "stance"}
    assert report.templates["holder"] == (40, {"A": 0.1, "B": 0.3, "C": 0.3, "D": 0.3})
    assert not any("holder" in f or "template" in f for f in report.failures)
    lines = list(report_lines(report))
    assert "note: template holder's keys (40 items; each 15%–35% expected): A 10.0%, B 30.0%, C 30.0%, D 30.0%" in lines
    assert lint(holder[:39] + stance).templates.keys() == {"stance"}  # under 40 items: not judged
    even = _of_template("even", [0, 1, 2, 3] * 10)
    assert lint(even).templates == {}


def test_item_rules():
    assert [f.check for f in check_item(q("Which of these is not true?", ["a", "b", "c", "d"]))] == ["negative"]
    assert check_item(q("Which of these is NOT true?", ["a", "b", "c", "d"])) == []
    assert check_item(q("Who argued that the US cannot be trusted?", ["A B", "C D", "E F", "G H"])) == []
    assert [f.check for f in check_item(q("Which?", ["a", "b", "c", "None of the above"]))] == ["above"]
    assert [f.check for f in check_item(q("Which?", ["Rome", "rome.", "Paris", "Oslo"]))] == ["distinct"]
    assert [f.check for f in check_item(q("When?", ["May 2019", "2018", "June 2019", "July 2019"]))] == ["form"]
    assert check_item(q("When?", ["May 2019", "April 2018", "June 2019", "July 2019"])) == []
    assert check_item(q("Which?", ["a", "b", "c"])) == []  # any count from 2 to 5 is an item's own
    assert [f.check for f in check_item(q("Which?", ["a", "b", "c", "b."]))] == ["distinct"]


def test_forms():
    assert [form(x) for x in ("2018", "May 2019", "4 May 2019", "19%", "$33 billion", "3 days", "Modi")] == [
        "year",
        "month",
        "day",
        "percent",
        "money",
        "count:day",
        "text",
    ]


# --- cues that need to know the bank: authors, dates, numbers, categories -------------------------------------------

NAMES = ["Donald Trump", "Narendra Modi", "Asim Munir", "Imran Khan", "Marco Rubio", "Ishaq Dar", "Mike Waltz"]
AUTHORS = Cues(authors=frozenset({"javid husain", "brahma chellaney"}))


def failed(report, name):
    return any(f.startswith(f"strategy '{name}'") for f in report.failures)


def test_author_cue_is_caught_where_an_author_is_among_the_options():
    cued = bank([q(f"Who argued that X{i}?", ["Javid Husain", *NAMES[i % 4 : i % 4 + 3]]) for i in range(8)])
    result = lint(cued, AUTHORS).strategies["an author of one of the texts"]
    assert (result.items, result.score, result.chance) == (8, 1.0, 0.25)
    assert failed(lint(cued, AUTHORS), "an author of one of the texts")
    assert result.offenders == tuple(sorted(x.id for x in cued))
    # The author is the key in a quarter of the items, and items with no author among the options do not count.
    fair = [q(f"Who argued that Y{i}?", ["Brahma Chellaney", *NAMES[i % 4 : i % 4 + 3]], qid=f"y{i}/t")
            for i in range(0, 8, 4)]  # fmt: skip
    fair += [q(f"Who argued that Z{i}?", [NAMES[i], "Javid Husain", NAMES[i + 1], NAMES[i + 2]], qid=f"z{i}/t")
             for i in range(4)]  # fmt: skip
    fair += [q(f"Who argued that W{i}?", [NAMES[i], NAMES[i + 1], "Brahma Chellaney", NAMES[i + 3]], qid=f"w{i}/t")
             for i in range(2)]  # fmt: skip
    fair += [q(f"Who is P{i}?", NAMES[i : i + 4], qid=f"p{i}/t") for i in range(3)]
    report = lint(bank(fair), AUTHORS)
    assert report.strategies["an author of one of the texts"].items == 8
    assert report.strategies["an author of one of the texts"].score == 0.25
    assert not failed(report, "an author of one of the texts")
    assert lint(cued).strategies["an author of one of the texts"].items == 0  # no authors known: no item applies


MONTHS = ["January 2025", "February 2025", "March 2025", "April 2025"]


def test_latest_and_middle_date_cues_and_the_key_rank():
    latest = bank([q(f"When did E{i} take place?", [MONTHS[3], *MONTHS[:3]], qid=f"e{i}/t") for i in range(8)])
    report = lint(latest)
    assert report.strategies["latest date"].score == 1.0 and failed(report, "latest date")
    assert report.strategies["earliest date"].score == 0.0 and not failed(report, "earliest date")
    assert report.date_ranks == {4: 8}
    middle = bank([q(f"When did E{i}?", [MONTHS[1 + i % 2], *MONTHS[: 1 + i % 2], *MONTHS[2 + i % 2 :]])
                   for i in range(8)])  # fmt: skip
    assert lint(middle).strategies["a middle date"].score == 0.5 and failed(lint(middle), "a middle date")
    assert not failed(lint(middle), "latest date") and not failed(lint(middle), "earliest date")
    # The key at each rank in turn: no date cue beats chance.
    even = bank([q(f"When did E{i}?", [MONTHS[i % 4], *(m for m in MONTHS if m != MONTHS[i % 4])]) for i in range(8)])
    report = lint(even)
    assert report.date_ranks == {1: 2, 2: 2, 3: 2, 4: 2}
    assert {n: report.strategies[n].score for n in ("latest date", "earliest date", "a middle date")} == {
        "latest date": 0.25, "earliest date": 0.25, "a middle date": 0.25
    }  # fmt: skip
    assert not any(f.startswith("strategy") for f in report.failures)


def test_largest_and_smallest_number_cues():
    values = ["$6 billion", "$17 billion", "$33 billion", "$50 billion"]
    smallest = bank([q(f"What was N{i}?", values) for i in range(8)])
    report = lint(smallest)
    assert report.strategies["smallest number"].score == 1.0 and failed(report, "smallest number")
    assert report.strategies["largest number"].score == 0.0 and report.number_ranks == {1: 8}
    even = bank([q(f"What was N{i}?", [values[i % 4], *(v for v in values if v != values[i % 4])]) for i in range(8)])
    assert not any(f.startswith("strategy") for f in lint(even).failures)
    assert lint(even).number_ranks == {1: 2, 2: 2, 3: 2, 4: 2}


def test_date_and_number_values():
    assert [date_value(x) for x in ("2018", "May 2019", "4 May 2019", "19%")] == [
        (2018, 0, 0), (2019, 5, 0), (2019, 5, 4), None
    ]  # fmt: skip
    assert [number_value(x) for x in ("19%", "$33 billion", "3 days", "10–12%", "1,500 people", "2018")] == [
        19, 33e9, 3, 11, 1500, None
    ]  # fmt: skip


KINDS = Cues(
    categories={
        "donald trump": Category("person", "United States"),
        "marco rubio": Category("person", "United States"),
        "mike waltz": Category("person", "United States"),
        "lisa curtis": Category("person", "United States"),
        "wang yi": Category("person", "China"),
        "asim munir": Category("person", "Pakistan"),
        "ishaq dar": Category("person", "Pakistan"),
        "the indian government": Category("government", "India"),
        "imran khan": Category("person", "Pakistan"),
    },
    countries=CountryWords.of([Entity("Pakistan", "country", "Pakistan"), Entity("China", "country", "China")]),
)


def test_odd_one_out_by_kind():
    cued = bank([q(f"Who said K{i}?", ["The Indian government", "Donald Trump", "Wang Yi", "Asim Munir"])
                 for i in range(8)])  # fmt: skip
    assert lint(cued, KINDS).strategies["the only one of its kind"].score == 1.0
    assert failed(lint(cued, KINDS), "the only one of its kind")
    clean = bank([q(f"Who said K{i}?", ["Asim Munir", "Donald Trump", "Wang Yi", "Marco Rubio"]) for i in range(8)])
    assert lint(clean, KINDS).strategies["the only one of its kind"].score == 0.25
    unknown = bank([q(f"Who said K{i}?", ["Someone Else", "Donald Trump", "Wang Yi", "Asim Munir"]) for i in range(8)])
    assert lint(unknown, KINDS).strategies["the only one of its kind"].items == 0  # an option nothing tells about


def test_odd_one_out_by_side():
    cued = bank([q(f"Who said S{i}?", ["Wang Yi", "Donald Trump", "Marco Rubio", "Mike Waltz"]) for i in range(8)])
    assert lint(cued, KINDS).strategies["the only one of its side"].score == 1.0
    assert failed(lint(cued, KINDS), "the only one of its side")
    pairs = bank([q(f"Who said S{i}?", ["Asim Munir", "Ishaq Dar", "Marco Rubio", "Mike Waltz"]) for i in range(8)])
    assert lint(pairs, KINDS).strategies["the only one of its side"].score == 0.25  # no odd one out


def test_the_only_option_of_the_stems_side():
    cued = bank([q(f"Who is Pakistan's official number {i}?", ["Ishaq Dar", "Donald Trump", "Marco Rubio",
                   "Mike Waltz"]) for i in range(8)])  # fmt: skip
    assert lint(cued, KINDS).strategies["the option of the stem's side"].score == 1.0
    assert failed(lint(cued, KINDS), "the option of the stem's side")
    # A person named in the stem puts it on their side: "Who is Wang Yi?" among roles of one side each.
    assert KINDS.stem_sides("Who is Wang Yi?") == {"China"}
    clean = bank([q(f"Who is Pakistan's official number {i}?", ["Ishaq Dar", "Asim Munir", "Imran Khan",
                    "Wang Yi"]) for i in range(8)])  # fmt: skip
    assert lint(clean, KINDS).strategies["the option of the stem's side"].score == pytest.approx(1 / 3)
    assert not failed(lint(clean, KINDS), "the option of the stem's side")  # 33% against 35%


CATEGORY_FACTS = (
    Figure("munir", (), SRC, name="Asim Munir", aliases=("Syed Asim Munir",), role="Pakistan's army chief",
           affiliation="Pakistan"),
    Figure("wells", (), SRC, name="Alice Wells", role="the ambassador who criticised CPEC",
           affiliation="US State Department"),
    Position("p1", (), SRC, holder="the Indian government", topic="t", stance="s"),
    Position("p2", (), SRC, holder="Bloomberg's Balance of Power newsletter", topic="t", stance="s"),
    Position("p3", (), SRC, holder="Pakistan", topic="t", stance="s"),
    Position("p4", (), SRC, holder="Dominic, Liaqat and Tanveer", topic="t", stance="s"),
    Position("p5", (), SRC, holder="Indian officials", topic="t", stance="s"),
)  # fmt: skip
CATEGORY_SEEDS = {"d": SimpleNamespace(authors=("Shahzad Dominic", "Bilal Bin Liaqat"), cite_as="Dominic and Liaqat")}
REGISTRY = [
    Entity("Asim Munir", "person", "Pakistan", aliases=("Syed Asim Munir",)),
    Entity("Alice Wells", "person", "United States"),
    Entity("the Indian government", "government", "India"),
    Entity("Bloomberg's Balance of Power newsletter", "outlet", "United States"),
    Entity("Pakistan", "country", "Pakistan", demonyms=("Pakistani",), words=("Islamabad",)),
    Entity("United States", "country", "United States", demonyms=("American",), words=("US",)),
    Entity("India", "country", "India", demonyms=("Indian",)),
    Entity("Dominic, Liaqat and Tanveer", "group", "Pakistan"),
    Entity("Indian officials", "officials", "India"),
]


def cues_of(registry):
    entities = {name.casefold(): e for e in registry for name in (e.name, *e.aliases)}
    deck = SimpleNamespace(facts=CATEGORY_FACTS, entities=entities)
    return Cues.of(SimpleNamespace(deck=deck, texts=CATEGORY_SEEDS))


def test_categories_and_sides_come_from_the_registry():
    cues = cues_of(REGISTRY)
    found = cues.categories
    assert found["asim munir"] == found["syed asim munir"] == found["pakistan s army chief"]
    assert found["asim munir"] == Category("person", "Pakistan")
    assert found["alice wells"] == found["the ambassador who criticised cpec"] == Category("person", "United States")
    assert found["the indian government"] == Category("government", "India")
    assert found["bloomberg s balance of power newsletter"] == Category("outlet", "United States")
    assert found["pakistan"] == Category("country", "Pakistan")
    assert found["dominic liaqat and tanveer"] == Category("group", "Pakistan")
    assert found["indian officials"] == Category("group", "India")  # unnamed officials: several people
    assert found["shahzad dominic"] == Category("person", None)  # an author the registry does not describe
    assert found["dominic and liaqat"] == found["shahzad dominic and bilal bin liaqat"] == Category("group", None)
    # The deck's country words, demonyms among them, put a stem on a side; a word no country lists does not.
    assert cues.stem_sides("The US envoy met Pakistani and Indian officials in Islamabad") == {
        "United States", "Pakistan", "India"
    }  # fmt: skip
    assert cues.stem_sides("Who met Chinese officials?") == frozenset()


def test_without_a_registry_categories_are_kinds_from_the_facts_and_no_side():
    cues = cues_of([])
    found = cues.categories
    assert found["asim munir"] == found["pakistan s army chief"] == Category("person", None)
    assert found["the indian government"] == Category("government", None)
    assert found["bloomberg s balance of power newsletter"] == Category("outlet", None)
    assert found["dominic liaqat and tanveer"] == found["indian officials"] == Category("group", None)
    assert found["pakistan"] == Category()  # nothing says "Pakistan" is a country: no word list in the code
    assert cues.stem_sides("Who is Pakistan's army chief?") == frozenset()


# --- the command -----------------------------------------------------------------------------------------------------


def test_lint_command_prints_one_line_per_cue_and_fails_past_chance(tmp_path):
    facts = "facts:\n" + "".join(
        f"""
  - id: claim-{i}
    kind: position
    holder: Ann Author
    topic: topic {i}
    stance: claim number {i} holds
    tags: [t]
    source: {{seed: test-2024, quote: "Analyst Cy Jones argued that the pact was a mistake"}}
    questions:
      - id: who
        stem: "Who argued that claim number {i} holds?"
        answer: Ann Author
        distractors: [Bo Smith, Cyrus Jonesworth, Diana Parker]
"""
        for i in range(8)
    )
    root = write_content(tmp_path / "c", facts, templates="templates: []\n")
    result = CliRunner().invoke(main, ["--content", str(root), "lint"])
    assert result.exit_code == 1
    nowhere = "       - vs     -  -     {} (applies to no item)"
    assert result.stdout.splitlines() == [
        "8 questions",
        "answer positions (each 20%–30%): A 12.5%, B 25.0%, C 37.5%, D 25.0%; note: not judged below 32 such items "
        "(8 per letter): too few for the letters to balance, and quizgen places the keys",
        "cues (each at most 10 points above chance over the items it applies to):",
        "    0.0% vs 25.0%  ok    longest option (8 items)",
        "    0.0% vs 25.0%  ok    shortest option (8 items)",
        "   25.0% vs 25.0%  ok    most words shared with the stem (8 items)",
        "   25.0% vs 25.0%  ok    most words shared with the other options (8 items)",
        nowhere.format("the option whose parts recur most"),
        "   25.0% vs 25.0%  ok    option without absolute words (8 items)",
        "  100.0% vs 25.0%  FAIL  an author of one of the texts (8 items): claim-0/q/who, claim-1/q/who, claim-2/q/who, "
        "claim-3/q/who, claim-4/q/who and 3 more",
        *(nowhere.format(name) for name in ("latest date", "earliest date", "a middle date", "largest number",
                                            "smallest number", "a middle number", "the option of the stem's side",
                                            "the only one of its kind", "the only one of its side")),
    ]  # fmt: skip
    # The first failure: the answer positions of 8 items are a note, not a failure (the author cannot move keys).
    assert (
        result.stderr
        == "error: strategy 'an author of one of the texts' scores 100% over 8 items (chance 25%, at most 35%)\n"
    )
    verbose = CliRunner().invoke(main, ["--content", str(root), "lint", "--verbose"]).output.splitlines()
    assert (
        "  100.0% vs 25.0%  FAIL  an author of one of the texts (8 items): "
        + ", ".join(f"claim-{i}/q/who" for i in range(8))
    ) in verbose


def _rotated(options, k):
    """The options with the k-th first, so that over four items the key takes each place in turn."""
    return [options[k], *options[:k], *options[k + 1 :]]


_DATES = ["2019", "2021", "2022", "2024"]
_MONEY = ["$6 billion", "$17 billion", "$33 billion", "$50 billion"]
_PEOPLE = ["Asim Munir", "Donald Trump", "Wang Yi", "Marco Rubio"]
_CASES = {
    # name: (items with the cue, items without it, what the bank knows)
    "longest option": ([["a much longer right answer", "short", "brief", "tiny"]], None, Cues()),
    "shortest option": ([["no", "a long wrong answer", "another long one", "yet another long one"]], None, Cues()),
    "most words shared with the stem": ([["Stem words here", "Other", "Else", "More"]], None, Cues()),
    "most words shared with the other options": (
        [["trade pact signed", "trade pact broken", "pact signed late", "river crossing"]],
        None,
        Cues(),
    ),  # fmt: skip
    "the option whose parts recur most": (
        [["A: up; B: down", "A: up; B: level", "A: low; B: down", "A: gone; B: away"]],
        [["A: up; B: down", "A: up; B: level", "A: low; B: down", "A: low; B: level"]],
        Cues(),
    ),  # fmt: skip
    "option without absolute words": ([["usually true", "always true", "never true", "only true"]], None, Cues()),
    "an author of one of the texts": (
        [["Javid Husain", *_PEOPLE[:3]]],
        [_rotated(["Javid Husain", *_PEOPLE[:3]], k) for k in range(4)],
        AUTHORS,
    ),  # fmt: skip
    "latest date": ([[_DATES[3], *_DATES[:3]]], None, Cues()),
    "earliest date": ([_DATES], None, Cues()),
    "a middle date": ([[_DATES[1], _DATES[0], *_DATES[2:]], [_DATES[2], *_DATES[:2], _DATES[3]]], None, Cues()),
    "largest number": ([[_MONEY[3], *_MONEY[:3]]], None, Cues()),
    "smallest number": ([_MONEY], None, Cues()),
    "a middle number": ([[_MONEY[1], _MONEY[0], *_MONEY[2:]], [_MONEY[2], *_MONEY[:2], _MONEY[3]]], None, Cues()),
    "the option of the stem's side": (
        [["Ishaq Dar", "Donald Trump", "Marco Rubio", "Mike Waltz"]],
        [["Ishaq Dar", "Asim Munir", "Imran Khan", "Wang Yi"]],
        KINDS,
    ),  # fmt: skip
    "the only one of its kind": (
        [["The Indian government", "Donald Trump", "Wang Yi", "Asim Munir"]],
        [_PEOPLE],
        KINDS,
    ),  # fmt: skip
    "the only one of its side": (
        [["Wang Yi", "Donald Trump", "Marco Rubio", "Mike Waltz"]],
        [["Asim Munir", "Ishaq Dar", "Marco Rubio", "Mike Waltz"]],
        KINDS,
    ),  # fmt: skip
}


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_every_cue_is_caught_on_a_bank_with_it_and_passes_a_bank_without_it(name):
    cued, clean, cues = _CASES[name]
    stem = "Stem words here: Pakistan's official?" if name != "the option of the stem's side" else "Who is Pakistan's?"
    with_cue = bank([q(f"{stem} {i}", cued[i % len(cued)], qid=f"c{i}/t") for i in range(8)])
    report = lint(with_cue, cues)
    assert report.strategies[name].items == 8 and failed(report, name)
    # Without the cue: the same options with the key at each place of the cue's order in turn (or a bank that lacks
    # the cue), so following it is worth no more than a guess.
    items = clean or [_rotated(cued[0], k) for k in range(4)]
    without = bank([q(f"{stem} {i}", items[i % len(items)], qid=f"n{i}/t") for i in range(8)])
    report = lint(without, cues)
    assert report.strategies[name].items == 8 and not failed(report, name), report.strategies[name]


def test_lint_command_reports_true_false_balance_and_other_option_counts(tmp_path):
    from conftest import BUNDLED_TEMPLATES, FACTS

    templates = BUNDLED_TEMPLATES.replace("  - id: figure-role\n", "  - id: figure-role\n    options: 3\n")
    root = write_content(tmp_path / "c", FACTS, templates=templates)
    lines = CliRunner().invoke(main, ["--content", str(root), "lint"]).stdout.splitlines()
    bank = load_content(root).bank()
    statements = [q for q in bank.questions if q.true_false]
    three = [q for q in bank.questions if len(q.options) == 3]
    assert statements and three
    true = sum(q.answer == 0 for q in statements) / len(statements)
    assert f"true/false: {true:.1%} of {len(statements)} statements true (40%–60%)" in lines
    shares = [sum(q.answer == i for q in three) / len(three) for i in range(3)]
    assert lines[1] == f"answer positions of the {len(three)} 3-option items (each 28%–38%): " + ", ".join(
        f"{letter} {share:.1%}" for letter, share in zip("ABC", shares, strict=True)
    ) + (
        "; note: not judged below 24 such items (8 per letter): too few for the letters to balance, and quizgen "
        "places the keys"
    )
    assert lines[2].startswith("answer positions (each 20%–30%): A ")


def test_options_that_differ_only_by_an_article_are_not_distinct():
    flags = check_item(q("Who argued that?", ["Abraham Lincoln", "The Government", "Government", "The insurgents"]))
    assert [(f.check, f.message) for f in flags] == [
        (
            "distinct",
            "options 'The Government' and 'Government' are the same after normalising case, punctuation and a "
            "leading article",
        )
    ]
    assert check_item(q("Who?", ["Theodore Roosevelt", "Ann Author", "A Bee", "Another"])) == []


def test_answer_positions_of_a_small_bank_are_a_note_not_a_failure():
    # The author's walk (Lincoln): 16 four-option items, A holding 5 (31%), failed lint; only 4/4/4/4 could pass.
    small = [
        q(f"Q{i}?", ["a", "b", "c", "d"], answer=[0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3][i]) for i in range(16)
    ]
    assert not any(f.startswith("answer position") for f in lint(small).failures)
    lines = list(report_lines(lint(small)))
    assert lines[1] == (
        "answer positions (each 20%–30%): A 31.2%, B 18.8%, C 25.0%, D 25.0%; note: not judged below 32 such items "
        "(8 per letter): too few for the letters to balance, and quizgen places the keys"
    )
    judged = [q(f"Q{i}?", ["a", "b", "c", "d"], answer=0 if i < 11 else i % 4) for i in range(32)]
    assert "answer position A holds 50% of answers (allowed 20%–30%)" in lint(judged).failures
