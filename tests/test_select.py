import json

import pytest
from click.testing import CliRunner

from quizgen.bank.content import load_content
from quizgen.bank.leaks import LeakCheck
from quizgen.bank.select import Filters, check_filters, given_away, select, shortfall
from quizgen.cli import main
from quizgen.errors import ArgumentError


def test_filters_and_reproducible_sample(content_dir):
    questions = load_content(content_dir).bank().questions
    events = select(questions, Filters(kinds=("event",)))
    assert events and all(q.kind == "event" for q in events)
    assert [q.id for q in select(questions, n=5, seed=3)] == [q.id for q in select(questions, n=5, seed=3)]
    assert [q.id for q in select(questions, n=5, seed=3)] != [q.id for q in select(questions, n=5, seed=4)]


def test_a_sample_never_holds_two_leaking_questions_and_takes_fewer_when_it_must(content_dir):
    questions = load_content(content_dir).bank().questions
    check = LeakCheck(questions)
    for seed in range(20):
        picked = select(questions, n=len(questions), seed=seed)
        assert len({q.fact for q in picked}) == len(picked)  # mirror templates of one fact never meet
        assert check.pairs(picked) == []
        # nothing more fits: every question left out leaks with one that was taken
        assert all(any(check.why(q, p) for p in picked) for q in questions if q not in picked)
    assert len(select(questions, n=len(questions), seed=0)) < len(questions)


def test_a_sample_leaves_out_what_leaks_with_questions_already_chosen(content_dir):
    questions = load_content(content_dir).bank().questions
    by_id = {q.id: q for q in questions}
    due = [by_id["smith/figure-role"]]
    others = [q for q in questions if q not in due]
    for seed in range(10):
        picked = select(others, n=len(others), seed=seed, alongside=due)
        assert "smith/figure-name" not in {q.id for q in picked}
        assert LeakCheck(questions).pairs([*due, *picked]) == []


def test_shortfall_says_why_a_sample_is_short():
    assert shortfall(20, 20, 500) is None
    assert shortfall(8, 50, 8) == "only 8 match; -n asked for 50"
    assert shortfall(12, 20, 40) == (
        "only 12 of the 40 matching questions can go together without one giving away another's answer; -n asked for 20"
    )


def test_typos_in_filters_name_the_parameter(content_dir):
    content = load_content(content_dir)
    questions = content.bank().questions
    with pytest.raises(ArgumentError) as error:
        check_filters(Filters(sources=("test-2025",)), questions, content.texts)
    assert str(error.value) == "sources: unknown source 'test-2025' (did you mean 'test-2024'?)"
    assert (error.value.parameter, error.value.value, error.value.choices) == ("sources", "test-2025", ("test-2024",))
    with pytest.raises(ArgumentError, match="^tags: no question has tag 'trades'"):
        check_filters(Filters(tags=("trades",)), questions, content.texts)
    with pytest.raises(ArgumentError, match="^kinds: unknown kind 'evnt' \\(did you mean 'event'\\?\\)$"):
        check_filters(Filters(kinds=("evnt",)), questions, content.texts)
    with pytest.raises(
        ArgumentError, match="^no questions match: the deck has 10 event questions, none tagged 'economy'$"
    ):
        select(questions, Filters(kinds=("event",), tags=("economy",)))
    with pytest.raises(ArgumentError, match="^n must be at least 1, not 0$"):
        select(questions, n=0)


GIVEN = frozenset({"The pact was a mistake", "19%", "25%"})  # as if these were the author's name (given_away)


@pytest.mark.parametrize(
    ("filters", "parameter", "message"),
    [
        (Filters(kinds=("position",)), "kinds", "the deck has no position questions"),  # positions left out below
        (Filters(kinds=("event",), sources=("other-2025",)), "sources", "other-2025 has no event questions"),
        (Filters(sources=("a-2025", "b-2025")), "sources", "a-2025 and b-2025 have no questions"),
        (
            Filters(kinds=("event", "number"), tags=("figures",)),
            "tags",
            "the deck has 18 event or number questions, none tagged 'figures'",
        ),
        (
            Filters(kinds=("number",), sources=("test-2024",), tags=("aid", "x")),
            "tags",
            "test-2024 has 8 number questions, none tagged 'aid' or 'x'",
        ),
        (
            Filters(kinds=("figure",), sources=("test-2024",), tags=("{x}",)),
            "tags",
            "test-2024 has 8 figure questions, none tagged '{x}'",
        ),
        (
            Filters(kinds=("number",), sources=("test-2024",), tags=("aid",), given=GIVEN),
            "tags",
            "test-2024 has 6 number questions not answered by the author, none tagged 'aid'",
        ),
    ],
)
def test_when_nothing_matches_the_error_names_the_filter_that_empties_the_set(content_dir, filters, parameter, message):
    questions = [q for q in load_content(content_dir).bank().questions if q.kind != "position"]
    with pytest.raises(ArgumentError) as error:
        select(questions, filters)
    assert (error.value.parameter, str(error.value)) == (parameter, "no questions match: " + message)


def test_when_the_chosen_source_gives_away_every_answer_the_error_says_so(content_dir):
    questions = load_content(content_dir).bank().questions
    with pytest.raises(ArgumentError) as error:
        select(questions, Filters(kinds=("position",), sources=("test-2024",), given=GIVEN))
    assert error.value.parameter == "sources"
    message = "no questions match: the 1 position question of test-2024 is answered by the author, which {} gives away"
    assert str(error.value) == message.format("sources")
    assert error.value.worded(lambda name, value: "--source") == message.format("--source")


def test_an_export_is_the_whole_filtered_bank_not_a_test(content_dir):
    """An LMS export is a question bank to draw tests from: it keeps every matching question, leaking or not."""
    result = CliRunner().invoke(main, ["--content", str(content_dir), "export", "--format", "json", "--kind", "number"])
    exported = [q["id"] for q in json.loads(result.stdout)["questions"]]
    questions = load_content(content_dir).bank().questions
    assert exported == [q.id for q in questions if q.kind == "number"] and len(exported) == 8
    assert LeakCheck(questions).pairs([q for q in questions if q.kind == "number"]) != []


def test_with_source_a_question_answered_by_that_texts_author_is_left_out():
    # Issue 11: "with --source husain-2025 every such item is answered 'Javid Husain'".
    content = load_content()
    bank = content.bank()
    filters = given_away(Filters(sources=("husain-2025",)), content.texts)
    assert filters.given == {"Javid Husain", "Husain"}
    chosen = select(bank.questions, filters)
    assert chosen and all(q.correct != "Javid Husain" for q in chosen)
    assert any(q.correct == "Javid Husain" for q in bank.questions if q.source.text == "husain-2025")
    # Two texts by different authors give nobody away.
    both = given_away(Filters(sources=("husain-2025", "chellaney-2025")), content.texts)
    assert both.given == frozenset()


def test_with_source_a_papers_joined_authors_are_given_away_too():
    # The paper's "Who argued ...?" items offer its three authors as one option, "Dominic, Liaqat and Tanveer":
    # with --source dominic-et-al that option is the key of every such item.
    content = load_content()
    bank = content.bank()
    group = "Dominic, Liaqat and Tanveer"
    assert any(q.correct == group for q in bank.questions if q.source.text == "dominic-et-al")
    filters = given_away(Filters(sources=("dominic-et-al",)), content.texts)
    assert group in filters.given and "Shahzad Dominic" in filters.given
    chosen = select(bank.questions, filters)
    assert chosen and all(q.correct != group for q in chosen)


def _question(qid, text, *others, level="recall"):
    from quizgen.model.questions import Question, Quote

    def quote(slug):
        return Quote(slug, f"{slug}:p1", "q", f"{slug}, para. 1")

    return Question(
        qid, qid.split("/")[0], "t", "event", f"{qid}?", ("a", "b"), 0, "", (), quote(text), level,
        see_also=tuple(quote(o) for o in others),
    )  # fmt: skip


def test_a_question_is_from_every_text_it_needs():
    own = _question("own/q", "husain")
    compared = _question("dating/q/dating-haq", "husain", "haq", "haq")
    inside = _question("haq-a/q/vs-haq-b", "haq", "haq")
    questions = [own, compared, inside]

    def ids(*sources):
        return [q.id for q in select(questions, Filters(sources=sources))]

    assert ids("husain") == ["own/q"]
    assert ids("haq") == ["haq-a/q/vs-haq-b"]
    assert ids("husain", "haq") == ["own/q", "dating/q/dating-haq", "haq-a/q/vs-haq-b"]
    assert ids() == ids("husain", "haq")
    with pytest.raises(ArgumentError, match="^no questions match: chellaney has no questions$"):
        select([_question("c/q/vs-h", "chellaney", "husain")], Filters(sources=("chellaney",)))


def test_levels_filter_and_name_the_one_missing():
    questions = [_question("a/q", "t"), _question("b/q/why", "t", level="cause"), _question("c/q", "t", level="thesis")]
    assert [q.id for q in select(questions, Filters(levels=("cause", "thesis")))] == ["b/q/why", "c/q"]
    assert [q.id for q in select(questions, Filters(levels=("recall",)))] == ["a/q"]
    with pytest.raises(ArgumentError) as error:
        select(questions, Filters(kinds=("event",), levels=("comparison",)))
    assert str(error.value) == "no questions match: the deck has no comparison event questions"
    assert error.value.parameter == "levels"
    with pytest.raises(ArgumentError, match="^levels: unknown level 'thesys' \\(did you mean 'thesis'\\?\\)$"):
        check_filters(Filters(levels=("thesys",)), questions, ["t"])


def test_a_whole_bank_export_leaves_out_and_takes_in_by_id():
    questions = [_question("a/q", "t"), _question("b/q", "t", level="cause"), _question("c/q", "t")]
    chosen = select(questions, Filters(levels=("recall",), exclude=("a/q",), include=("b/q",)))
    assert [q.id for q in chosen] == ["b/q", "c/q"]
