"""Each lint strategy and rule on small hand-made banks that do and do not have the cue."""

from quizgen.authoring.lint import check_item, form, lint
from quizgen.model.models import Question, Quote

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
    assert report.strategies["longest option"] == 1.0
    assert any("longest option" in f for f in report.failures)
    even = bank([q(f"Q{i}?", ["alpha one", "bravo two", "charlie three", "delta four"][i % 4:] +
                   ["alpha one", "bravo two", "charlie three", "delta four"][: i % 4]) for i in range(8)])
    assert lint(even).strategies["longest option"] <= 0.35


def test_shortest_option_cue():
    cued = bank([q(f"Q{i}?", ["no", "a long wrong answer", "another long wrong one", "yet another long one"])
                 for i in range(8)])
    assert lint(cued).strategies["shortest option"] == 1.0


def test_stem_overlap_cue():
    cued = bank([q("Which treaty did Examplia sign with Testland?", ["The Examplia Testland treaty", "A river pact",
                                                                       "A trade deal", "An arms deal"])] * 4)
    assert lint(cued).strategies["most words shared with the stem"] == 1.0
    clean = bank([q("Which treaty was signed?", ["Alpha", "Bravo", "Charlie", "Delta"])] * 4)
    assert lint(clean).strategies["most words shared with the stem"] == 0.25  # all tie: a random guess


def test_other_options_overlap_cue():
    cued = bank([q("Which?", ["trade pact signed", "trade pact broken", "pact signed late", "river crossing"])] * 4)
    # The answer shares the most words with the others (the classic "convergence" cue).
    assert lint(cued).strategies["most words shared with the other options"] == 1.0


def test_absolute_words_cue():
    cued = bank([q("Which?", ["usually true", "always true", "never true", "only true"])] * 4)
    assert lint(cued).strategies["option without absolute words"] == 1.0
    none_absolute = bank([q("Which?", ["a", "b", "c", "d"])] * 4)
    assert lint(none_absolute).strategies["option without absolute words"] == 0.25


def test_answer_position_balance():
    skewed = [q(f"Q{i}?", ["a", "b", "c", "d"], answer=0) for i in range(10)]
    report = lint(skewed)
    assert report.positions["A"] == 1.0
    assert any(f.startswith("answer position A holds 100%") for f in report.failures)
    assert not any(f.startswith("answer position") for f in lint(bank(skewed)).failures)


def test_item_rules():
    assert [f.check for f in check_item(q("Which of these is not true?", ["a", "b", "c", "d"]))] == ["negative"]
    assert check_item(q("Which of these is NOT true?", ["a", "b", "c", "d"])) == []
    assert check_item(q("Who argued that the US cannot be trusted?", ["A B", "C D", "E F", "G H"])) == []
    assert [f.check for f in check_item(q("Which?", ["a", "b", "c", "None of the above"]))] == ["above"]
    assert [f.check for f in check_item(q("Which?", ["Rome", "rome.", "Paris", "Oslo"]))] == ["distinct"]
    assert [f.check for f in check_item(q("When?", ["May 2019", "2018", "June 2019", "July 2019"]))] == ["form"]
    assert check_item(q("When?", ["May 2019", "April 2018", "June 2019", "July 2019"])) == []
    assert [f.check for f in check_item(q("Which?", ["a", "b", "c"]))] == ["options"]


def test_forms():
    assert [form(x) for x in ("2018", "May 2019", "4 May 2019", "19%", "$33 billion", "3 days", "Modi")] == [
        "year", "month", "day", "percent", "money", "count:day", "text"]
