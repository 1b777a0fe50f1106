from collections import Counter

import pytest
from print_fixtures import NASTY_ID, nasty_bank

from quizgen.bank.arrange import _order_key
from quizgen.bank.leaks import LeakCheck
from quizgen.bank.select import Filters
from quizgen.errors import ArgumentError
from quizgen.outputs.printing.sheet import build_sheet, citation, lay_out


@pytest.fixture
def bank(tmp_path):
    return nasty_bank(tmp_path / "content")


def test_versions_hold_the_same_questions_in_different_orders(bank):
    sheet = build_sheet(bank, n=12, versions=3, seed=4)
    assert [v.label for v in sheet.versions] == ["A", "B", "C"]
    assert sheet.size == 12
    ids = [[q.id for q in v.questions] for v in sheet.versions]
    assert len(set(ids[0])) == 12
    assert all(sorted(i) == sorted(ids[0]) for i in ids)
    assert len({tuple(i) for i in ids}) == 3  # three different question orders
    originals = {q.id: q for q in bank.questions}
    for version in sheet.versions:
        for q in version.questions:
            original = originals[q.id]
            assert sorted(q.options) == sorted(original.options)
            assert q.correct == original.correct
            assert (q.stem, q.explanation, q.source) == (original.stem, original.explanation, original.source)


def test_every_version_holds_one_selection_in_which_no_question_gives_away_another(bank):
    check = LeakCheck(bank.questions)
    for seed in range(10):
        sheet = build_sheet(bank, n=len(bank.questions), versions=3, seed=seed)
        assert sheet.size < len(bank.questions)
        chosen = sheet.versions[0].questions
        reasons = Counter()
        for q in bank.questions:
            if q.id not in {p.id for p in chosen}:  # each left out for its first reason, in the order shown
                why = {w.split()[0] for p in chosen if (w := check.why(q, p))}
                first = next(w for w in ("both", "their") if w in why) if why & {"both", "their"} else None
                named = next((w for w in why if w not in ("both", "their", "they")), None)
                reasons[first or named or "they"] += 1
        phrases = {"both": "on a fact already asked about", "their": "quoting words already quoted", "they": "offering "
                   "the same options"}  # fmt: skip
        named = sum(n for word, n in reasons.items() if word not in phrases)
        parts = [f"{reasons[w]} {phrases[w]}" for w in ("both", "their") if reasons[w]]
        parts += [f"{named} naming an answer asked or named by another"] if named else []
        parts += [f"{reasons['they']} {phrases['they']}"] if reasons["they"] else []
        assert sheet.shortfall == (
            f"only {sheet.size} of the {len(bank.questions)} matching questions can go together without one giving "
            f"away another's answer; the {len(bank.questions) - sheet.size} left out: {', '.join(parts)}; -n asked "
            f"for {len(bank.questions)}"
        )
        ids = {q.id for q in sheet.versions[0].questions}
        assert all({q.id for q in v.questions} == ids for v in sheet.versions)
        assert check.pairs(list(sheet.versions[0].questions)) == []
    assert build_sheet(bank, n=3, seed=1).shortfall is None


def _same_question(sheet, qid):
    return {v.label: next(q for q in v.questions if q.id == qid) for v in sheet.versions}


@pytest.mark.parametrize("seed", range(4))
def test_a_questions_correct_letter_differs_between_up_to_three_versions(bank, seed):
    sheet = build_sheet(bank, n=None, versions=3, seed=seed)
    for first in sheet.versions[0].questions:
        if first.ordered or first.true_false:
            continue  # their options keep an order: see the next test
        assert len({q.answer for q in _same_question(sheet, first.id).values()}) == 3


@pytest.mark.parametrize("seed", range(4))
def test_without_dates_and_numbers_four_versions_give_a_question_four_letters(bank, seed):
    """Dates and numbers stuck at A or D in every version leave the others too many As and Ds to even out, so with
    them a fourth version shares a letter with an earlier one for some questions (lay_out's docstring)."""
    sheet = build_sheet(bank, Filters(kinds=("figure", "position")), n=None, versions=4, seed=seed)
    for first in sheet.versions[0].questions:
        assert len({q.answer for q in _same_question(sheet, first.id).values()}) == 4


def test_dates_and_numbers_ascend_in_version_a_and_descend_in_others_to_change_their_letter(bank):
    sheet = build_sheet(bank, n=None, versions=3, seed=1)
    ordered = [q for q in sheet.versions[0].questions if q.ordered]
    assert {q.template for q in ordered} == {"event-when", "number-value"}
    descending = 0
    for q in ordered:
        assert q.options == tuple(sorted(q.options, key=_order_key))
        by_version = _same_question(sheet, q.id)
        for other in by_version.values():
            assert other.options in (q.options, q.options[::-1]) and other.correct == q.correct
        if q.answer != len(q.options) - 1 - q.answer:  # not the middle one: a mirrored list moves the key
            assert by_version["B"].answer != q.answer
            descending += 1
    assert descending


@pytest.mark.parametrize("versions", [1, 2, 3, 4, 6])
def test_every_versions_key_is_balanced_without_long_runs(bank, versions):
    for seed in range(8):
        for n in (8, 12, 20, None):
            sheet = build_sheet(bank, n=n, versions=versions, seed=seed)
            size = sheet.size
            for version in sheet.versions:
                key = "".join(version.key)
                assert "AAAA" not in key and "BBBB" not in key and "CCCC" not in key and "DDDD" not in key, key
                counts = Counter(key)
                for letter in "ABCD":
                    assert size // 4 - 1 <= counts[letter] <= -(-size // 4) + 1, (seed, n, version.label, key)


def test_version_a_is_the_same_however_many_versions(bank):
    one = build_sheet(bank, n=20, versions=1, seed=5).versions[0]
    assert build_sheet(bank, n=20, versions=4, seed=5).versions[0] == one


def test_keys_follow_the_printed_option_order(bank):
    sheet = build_sheet(bank, n=8, versions=2, seed=3)
    for version in sheet.versions:
        assert version.key == tuple("ABCD"[q.answer] for q in version.questions)
        assert all(
            q.options["ABCD".index(letter)] == q.correct
            for q, letter in zip(version.questions, version.key, strict=True)
        )


def test_same_seed_same_sheet_other_seed_other_sheet(bank):
    assert build_sheet(bank, n=10, seed=7) == build_sheet(bank, n=10, seed=7)
    assert build_sheet(bank, n=10, seed=7) != build_sheet(bank, n=10, seed=8)


def test_answer_positions_are_spread_over_the_letters(bank):
    sheet = build_sheet(bank, n=None, versions=2, seed=0)
    counts = Counter(letter for v in sheet.versions for letter in v.key)
    assert set(counts) == set("ABCD") and min(counts.values()) >= 5  # 60 answers, none of the letters starved


def test_filters_title_and_defaults(bank):
    sheet = build_sheet(bank, Filters(kinds=("number",)), n=3, versions=1, title="  Quiz 4  ")
    assert sheet.title == "Quiz 4" and sheet.deck == "d" and sheet.key and not sheet.explanations
    assert {q.kind for q in sheet.versions[0].questions} == {"number"}
    assert build_sheet(bank, n=3).title == "Test deck"


def test_few_questions_cannot_differ_in_order_but_still_print(bank):
    sheet = build_sheet(bank, Filters(tags=("economy",)), n=1, versions=3)
    assert [len(v.questions) for v in sheet.versions] == [1, 1, 1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"versions": 0}, "versions must be between 1 and 26, not 0"),
        ({"versions": 27}, "versions must be between 1 and 26, not 27"),
        ({"key": False, "explanations": True}, "explanations go into the answer key; drop key=False to print them"),
        ({"title": " "}, "title must not be empty"),
        (
            {"filters": Filters(sources=("test-2042",))},
            "sources: unknown source 'test-2042' (did you mean 'test-2024'?)",
        ),
        (
            {"filters": Filters(kinds=("number",), tags=("aid",))},
            "no questions match: the deck has 8 number questions, none tagged 'aid'",
        ),
    ],
)
def test_user_errors_name_the_parameter(bank, kwargs, message):
    """The library names Python parameters; the CLI words the same errors as options (tests/test_print.py)."""
    with pytest.raises(ArgumentError) as err:
        build_sheet(bank, **kwargs)
    assert str(err.value) == message
    assert err.value.parameter in {*kwargs, "kinds", "sources", "tags"}


def test_lay_out_is_independent_of_the_sheet(bank):
    questions = [q for q in bank.questions if q.kind == "event"][:5]
    assert lay_out(questions, 2, 0) == lay_out(list(questions), 2, 0)
    assert len(lay_out(questions, 1, 0)) == 1


def test_citation_adds_the_paragraph(bank):
    q = next(q for q in bank.questions if q.id == NASTY_ID)
    assert citation(q) == "Ann Author, Test Times, 3 Mar 2024, para. 11"


def test_citation_names_each_source_once_and_joins_its_paragraphs(bank):
    from dataclasses import replace

    from quizgen.model.questions import Quote, Quoted

    q = next(q for q in bank.questions if q.id == NASTY_ID)

    def at(where, para, quoted=None):
        cited = f"{where}, para. {para}"
        if quoted:
            cited = f"{quoted.by} ({quoted.kind}), quoted in {cited}"
        return Quote("t", f"t:p{para}", "q", cited, quoted)

    chel = "Brahma Chellaney, Project Syndicate, 14 Nov 2025"
    haq = "Riaz Haq, Haq's Musings (blog), 28 Jul 2025"

    def cited(*quotes):
        return citation(replace(q, source=quotes[0], see_also=quotes[1:]))

    assert cited(at(chel, 46), at(chel, 47)) == f"{chel}, paras. 46\u201347"
    assert cited(at(chel, 19), at(chel, 19)) == f"{chel}, para. 19"
    assert cited(at(chel, 48), at(chel, 3), at(chel, 47)) == f"{chel}, paras. 3, 47\u201348"
    wsj = Quoted("Wall Street Journal", "report")
    assert cited(at(chel, 5), at(haq, 3), at(haq, 84, wsj), at(haq, 4)) == (
        f"{chel}, para. 5; see also {haq}, paras. 3\u20134; see also Wall Street Journal (report), quoted in {haq}, "
        "para. 84"
    )
