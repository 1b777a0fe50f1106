"""`quizgen validate`: one exact, located line per problem kind."""

import pytest
from click.testing import CliRunner
from conftest import FACTS, write_content, yaml_says

from quizgen.cli import main


def run(root, *args):
    result = CliRunner().invoke(main, ["--content", str(root), "validate", *args])
    return result.exit_code, result.output


def test_clean_content_passes(content_dir):
    code, out = run(content_dir)
    assert (code, out) == (0, "13 facts, 27 questions; 0 errors, 0 warnings, 0 recorded disagreements\n")


def test_broken_yaml(tmp_path):
    root = write_content(
        tmp_path, FACTS.replace("    kind: figure\n    name: Bo Smith", "    kind: figure\n   name: [Bo")
    )
    code, out = run(root)
    assert code == 1
    context, problem = yaml_says((root / "decks" / "d" / "facts.yaml").read_text(encoding="utf-8"))
    assert out.splitlines()[0] == (
        f"decks/d/facts.yaml:25:4: YAML syntax error: {context} that starts at line 2, column 3, {problem}"
    )


def test_an_unclosed_quote_is_named_at_its_line_and_column(tmp_path):
    """It was located where libyaml gave up, three lines on, naming the start of the fact's mapping."""
    root = write_content(tmp_path, FACTS.replace('    when: "2018-01"', '    when: "2018-01', 1))
    code, out = run(root)
    assert code == 1
    problem = yaml_says((root / "decks" / "d" / "facts.yaml").read_text(encoding="utf-8"))[1]
    assert out.splitlines()[0] == (
        "decks/d/facts.yaml:5:11: YAML syntax error: the quoted text that starts here may be unclosed: it runs on to "
        f"line 8, column 38 (then: {problem} at line 8, column 39)"
    )


def test_typo_in_key_suggests_the_right_one(tmp_path):
    root = write_content(
        tmp_path,
        FACTS.replace(
            'source: {seed: test-2024, quote: "In May 2019', 'source: {seed: test-2024, qoute: "In May 2019', 1
        ),
    )
    code, out = run(root)
    assert code == 1
    assert "decks/d/facts.yaml:15:31: unknown key 'qoute' in source (did you mean 'quote'?)" in out.splitlines()
    assert "decks/d/facts.yaml:15:13: missing key 'quote' in source" in out.splitlines()


def test_quote_not_found_shows_the_closest_passage(tmp_path):
    root = write_content(tmp_path, FACTS.replace("signed a trade pact", "signed a trade packt", 1))
    code, out = run(root)
    assert code == 1
    assert out.splitlines()[0] == (
        "decks/d/facts.yaml:15:38: quote not found in seed 'test-2024'; closest passage test-2024:p5 "
        '(seeds/test-2024.txt:10): the quote has "packt" where the text has "pact" (quote: "…signed a trade packt"; '
        'text: "…signed a trade pact that cut…")'
    )


def test_a_quote_with_an_ellipsis_or_across_passages_says_so(tmp_path):
    quote = 'quote: "In May 2019 the two countries signed a trade pact"'
    root = write_content(
        tmp_path / "a", FACTS.replace(quote, 'quote: "In May 2019 the two countries ... a trade pact"')
    )
    assert run(root)[1].splitlines()[0] == (
        "decks/d/facts.yaml:15:38: quote not found in seed 'test-2024'; closest passage test-2024:p5 "
        '(seeds/test-2024.txt:10): the quote has "..." where the text has "signed" (quote: "…the two countries ... a '
        "trade…\"; text: \"…the two countries signed a trade…\"); an ellipsis ('...', '…') is not allowed inside "
        "a quote: quote one unbroken span, or split the fact"
    )
    root = write_content(tmp_path / "b", FACTS.replace(quote, 'quote: "a dispute. Minister Bo Smith said the aid"'))
    assert run(root)[1].splitlines()[0] == (
        "decks/d/facts.yaml:15:38: quote not found in seed 'test-2024'; closest passage test-2024:p4 "
        '(seeds/test-2024.txt:8): the quote starts before the passage does ("a dispute." is not in it): a quote stays '
        "inside one passage"
    )


def test_unknown_text(tmp_path):
    root = write_content(
        tmp_path, FACTS.replace('{seed: test-2024, quote: "In May', '{seed: test-2042, quote: "In May', 1)
    )
    code, out = run(root)
    assert code == 1
    assert "decks/d/facts.yaml:15:20: unknown seed 'test-2042' (did you mean 'test-2024'?)" in out.splitlines()


def test_too_few_distractors(tmp_path):
    facts = FACTS.replace(
        "      stance: [the pact was a triumph, the pact came too late, the pact was too small]",
        "      stance: [the pact was a triumph]",
    )
    root = write_content(tmp_path, facts)
    code, out = run(root)
    assert code == 0  # a warning: the deck makes every other question
    assert (
        "decks/d/facts.yaml:63:5: warning: fact 'jones-pact' cannot get 3 distractors for template 'position-stance' "
        "(found 1), so that question is left out; add curated distractors.stance or skip: [position-stance]"
    ) in out.splitlines()
    assert run(root, "--strict")[0] == 1


def test_wrong_types_duplicate_ids_and_bad_dates(tmp_path):
    facts = (
        FACTS.replace("    tags: [aid]\n    explanation: Examplia", "    tags: aid\n    explanation: Examplia", 1)
        .replace("  - id: trade-pact", "  - id: aid-cut")
        .replace('when: "2020-06"', 'when: "June 2020"')
    )
    code, out = run(write_content(tmp_path, facts))
    lines = out.splitlines()
    assert code == 1
    assert "decks/d/facts.yaml:6:11: 'tags' must be a list, not text" in lines
    assert "decks/d/facts.yaml:9:5: duplicate fact id 'aid-cut' (first defined at decks/d/facts.yaml:2:5)" in lines
    assert 'decks/d/facts.yaml:19:11: when \'June 2020\' must be "YYYY", "YYYY-MM" or "YYYY-MM-DD" (quoted)' in lines


def test_a_date_of_the_right_form_that_does_not_exist_says_which_part_is_wrong(tmp_path):
    facts = FACTS.replace('when: "2018-01"', 'when: "2018-13"').replace('when: "2019-05"', 'when: "2019-02-29"')
    code, out = run(write_content(tmp_path, facts))
    assert (code, out.splitlines()) == (
        1,
        [
            "decks/d/facts.yaml:5:11: when '2018-13' is not a date: there is no month 13",
            "decks/d/facts.yaml:12:11: when '2019-02-29' is not a date: February 2019 has 28 days",
            "11 facts, 19 questions; 2 errors, 0 warnings, 0 recorded disagreements",
        ],
    )


def test_a_text_dated_on_a_day_that_does_not_exist(tmp_path):
    from conftest import TEXT_META

    root = write_content(tmp_path)
    (root / "seeds" / "test-2024.yaml").write_text(TEXT_META.replace("2024-03-03", "2024-04-31"), encoding="utf-8")
    code, out = run(root)
    # The text's error comes first, and the facts naming it say it did not load (not that it is unknown).
    assert (code, out.splitlines()[:2]) == (
        1,
        [
            "seeds/test-2024.yaml:5:7: date '2024-04-31' is not a date: April 2024 has 30 days",
            "decks/d/facts.yaml:8:20: seed 'test-2024' did not load (see the errors of seeds/test-2024.txt or "
            "seeds/test-2024.yaml) (13 times in this file; also at lines 15, 22, 30 and 9 more)",
        ],
    )


def test_template_naming_a_missing_field(tmp_path):
    from conftest import TEMPLATES

    templates = TEMPLATES.replace('stem: "Who is {name}?"', 'stem: "Who is {nmae}?"')
    code, out = run(write_content(tmp_path, templates=templates))
    assert code == 1
    assert (
        "decks/d/templates.yaml:36:11: template 'figure-role' names unknown field '{nmae}' for figure facts "
        "(did you mean 'name'?)"
    ) in out.splitlines()


def test_warnings_fail_only_with_strict(tmp_path):
    facts = FACTS.replace("    explanation: Ed Lee leads the opposition.\n", "")
    root = write_content(tmp_path, facts)
    code, out = run(root)
    assert code == 0
    assert "decks/d/facts.yaml:47:5: warning: fact 'lee' has no explanation; the template's default is used" in out
    code, out = run(root, "--strict")
    assert code == 1


def test_conflicts_are_listed(tmp_path):
    facts = FACTS.replace(
        "    explanation: The pact cut tariffs to 19%.\n",
        "    explanation: The pact cut tariffs to 19%.\n    according_to: Author\n    conflicts_with: [tariff-2020]\n",
    )
    code, out = run(write_content(tmp_path, facts))
    assert (
        "decks/d/facts.yaml:74:5: info: conflicting accounts: 'tariff-new' (Author) vs 'tariff-2020' (unattributed)"
        in out
    )
    assert "1 recorded disagreement" in out


NEW_KEYS = """\
  - id: smith-quoted
    kind: figure
    name: Bo Smith
    role: the minister quoted on the aid decision
    tags: [aid]
    unreliable: [role, when]
    explanation: Smith spoke on aid.
    source:
      seed: test-2024
      quote: "Minister Bo Smith said the aid"
      quoted: {by: Bo Smith, kind: speach, date: "2024-13"}
    questions:
      - id: why
        level: analysis
        stem: "Why did Smith call the decision final?"
        answer: "Because talks had failed"
        distractors: ["Because aid had doubled", "Because of an election", "Because of a court ruling"]
      - id: compare
        level: comparison
        see_also: [jones, no-such-fact, smith-quoted]
        stem: "How do Smith and Jones differ?"
        answer: "Smith defends the decision; Jones attacks the pact"
        distractors: ["Both attack the pact", "Both defend the decision", "Neither speaks on trade"]
"""


def test_new_keys_are_checked_with_their_location(tmp_path):
    code, out = run(write_content(tmp_path, FACTS + NEW_KEYS))
    assert code == 1
    assert out.splitlines() == [
        "decks/d/facts.yaml:112:24: unreliable names 'when', not a field of figure facts; use one of: name, role, "
        "affiliation",
        "decks/d/facts.yaml:117:36: quoted.kind 'speach' must be one of report, post, comment, interview, statement, "
        "speech, book, article (did you mean 'speech'?)",
        "decks/d/facts.yaml:117:50: quoted.date '2024-13' is not a date: there is no month 13",
        "decks/d/facts.yaml:120:16: level 'analysis' must be one of recall, thesis, cause, comparison, "
        "fact-or-opinion, disagreement",
        "13 facts, 27 questions; 4 errors, 0 warnings, 0 recorded disagreements",
    ]


def test_see_also_names_other_facts_and_quoted_dates_are_dates(tmp_path):
    facts = FACTS + NEW_KEYS.replace("kind: speach", "kind: speech").replace("[role, when]", "[role]")
    code, out = run(write_content(tmp_path, facts.replace("level: analysis", "level: cause")))
    assert code == 1
    assert out.splitlines()[0] == "decks/d/facts.yaml:117:50: quoted.date '2024-13' is not a date: there is no month 13"
    code, out = run(
        write_content(tmp_path, facts.replace("level: analysis", "level: cause").replace("2024-13", "2024-03"))
    )
    assert code == 1
    assert out.splitlines() == [
        "decks/d/facts.yaml:126:19: see_also of question 'compare' names unknown fact 'no-such-fact'",
        "decks/d/facts.yaml:126:19: see_also of question 'compare' names its own fact 'smith-quoted'",
        "14 facts, 29 questions; 2 errors, 0 warnings, 0 recorded disagreements",
    ]


def test_an_event_whose_what_reads_as_a_clause_is_a_warning(tmp_path):
    root = write_content(
        tmp_path,
        FACTS.replace("what: the signing of the Examplia–Testland trade pact", "what: the two countries signed a pact"),
    )
    code, out = run(root)
    assert code == 0
    assert out.splitlines()[0] == (
        "decks/d/facts.yaml:11:11: warning: what reads as a clause ('signed a'): write a noun phrase that fits "
        '"When did ___ take place?", such as "the signing of the treaty"'
    )
    assert run(root, "--strict")[0] == 1


def test_a_drafts_todo_left_in_what_is_an_error_once_the_draft_flag_is_gone(tmp_path):
    todo = "what: 'TODO as a noun phrase: the two countries signed a pact'"
    facts = FACTS.replace("what: the signing of the Examplia–Testland trade pact", todo)
    root = write_content(tmp_path, facts.replace(todo, todo + "\n    draft: true"))
    code, out = run(root)
    assert code == 0 and "TODO" not in out  # a draft's fields are guesses
    root = write_content(tmp_path, facts)
    code, out = run(root)
    assert code == 1
    assert out.splitlines()[0] == (
        "decks/d/facts.yaml:11:11: what still starts with TODO: write a noun phrase that fits "
        '"When did ___ take place?", such as "the signing of the treaty"'
    )


MORE = """\
facts:
  - id: lee-talks
    kind: position
    holder: Ed Lee
    topic: new talks
    stance: there should be new talks
    according_to: Ed Lee
    conflicts_with: [jones-pact]
    also_true: {holder: [Cy Jones]}
    tags: [diplomacy]
    explanation: Lee called for new talks.
    source: {seed: test-2024, quote: "Ed Lee, the opposition leader, called for new talks in 2021"}
    questions:
      - id: compare
        level: comparison
        see_also: [smith, jones, no-such-fact]
        stem: "Who called for new talks?"
        answer: "Ed Lee"
        distractors: ["Bo Smith", "Cy Jones", "Di Park"]
"""
"""A second facts file naming facts of the first: three fact ids, a holder, and one id that is really unknown."""


def two_files(tmp_path, facts=FACTS):
    root = write_content(tmp_path, facts)
    (root / "decks" / "d" / "more.yaml").write_text(MORE, encoding="utf-8")
    return root


def test_a_file_that_does_not_load_is_the_one_error_and_references_to_it_are_counted(tmp_path):
    code, out = run(two_files(tmp_path, FACTS.replace("    name: Cy Jones", "\tname: Cy Jones")))
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith("decks/d/facts.yaml:33:1: YAML syntax error: ")
    assert lines[1:] == [
        "decks/d/facts.yaml:33:1: note: 4 references to facts of facts.yaml (from more.yaml) not checked: that file "
        "did not load",
        "decks/d/more.yaml:16:19: see_also of question 'compare' names unknown fact 'no-such-fact'",
        "1 facts, 0 questions; 2 errors, 0 warnings, 1 note, 0 recorded disagreements",
    ]


def test_references_to_a_fact_that_does_not_load_are_counted_after_its_errors(tmp_path):
    code, out = run(two_files(tmp_path, FACTS.replace("    name: Bo Smith", "    nmae: Bo Smith")))
    assert (code, out.splitlines()) == (
        1,
        [
            "decks/d/facts.yaml:23:5: missing key 'name' in figure fact",
            "decks/d/facts.yaml:25:5: unknown key 'nmae' in figure fact (did you mean 'name'?)",
            "decks/d/facts.yaml:25:5: note: 1 reference to fact 'smith' (from more.yaml) not checked: that fact did "
            "not load",
            "decks/d/more.yaml:16:19: see_also of question 'compare' names unknown fact 'no-such-fact'",
            "decks/d/more.yaml:2:5: info: conflicting accounts: 'lee-talks' (Ed Lee) vs 'jones-pact' (unattributed)",
            "13 facts, 19 questions; 3 errors, 0 warnings, 1 note, 1 recorded disagreement",
        ],
    )


def test_an_error_repeated_in_every_fact_is_given_once_with_a_count(tmp_path):
    code, out = run(two_files(tmp_path, FACTS.replace("seed: test-2024", "seed: test-2042")))
    assert (code, out.splitlines()) == (
        1,
        [
            "decks/d/facts.yaml:8:20: unknown seed 'test-2042' (did you mean 'test-2024'?) (13 times in this file; "
            "also at lines 15, 22, 30 and 9 more)",
            "decks/d/facts.yaml:30:20: note: 4 references to 3 facts of facts.yaml (from more.yaml) not checked: "
            "those facts did not load",
            "decks/d/more.yaml:16:19: see_also of question 'compare' names unknown fact 'no-such-fact'",
            "1 facts, 0 questions; 2 errors, 0 warnings, 1 note, 0 recorded disagreements",
        ],
    )


def test_every_command_lists_the_errors_validate_lists_in_the_same_order(tmp_path):
    from conftest import argv

    root = two_files(tmp_path, FACTS.replace("    name: Bo Smith", "    nmae: Bo Smith"))
    # the errors only: a note counts what the errors left unchecked, and only validate lists notes
    shown = [line for line in run(root)[1].splitlines()[:-1] if ": info: " not in line and ": note: " not in line]
    assert len(shown) == 3
    result = CliRunner().invoke(main, argv(root, "quiz", tmp_path / "data", "--plain", "-n", "1"), input="")
    assert (result.exit_code, result.stderr.splitlines()) == (1, [f"error: {line}" for line in shown])


# --- a position's stance as "Who argued that ___?" reads it (the author's walk, Lincoln) -----------------------------

_STANCE = "stance: the pact was a mistake"


def _stance_line(out):
    return next(line for line in out.splitlines() if "stance" in line)


def _with_stance(tmp_path, stance, *, draft=False):
    facts = FACTS.replace(_STANCE, f"stance: {stance}").replace("    explanation: Jones criticised the pact.\n", "")
    return write_content(
        tmp_path, facts.replace(f"stance: {stance}", f"stance: {stance}\n    draft: true") if draft else facts
    )


def test_a_stance_ending_in_a_full_stop_is_refused_with_the_fix(tmp_path):
    # Gave "Cy Jones argued that The pact was a mistake.." and a key that was the only option ending in a full stop.
    code, out = run(_with_stance(tmp_path, "The pact was a mistake."))
    assert code == 1
    assert out.splitlines()[0] == (
        "decks/d/facts.yaml:67:13: stance ends with '.': a stance fills \"Who argued that ___?\"; drop the '.'"
    )


def test_a_cut_off_stance_is_refused(tmp_path):
    code, out = run(_with_stance(tmp_path, "the pact was a mistake, but let us judge …"))
    assert code == 1
    assert out.splitlines()[0] == (
        "decks/d/facts.yaml:67:13: stance is cut off ('…'): a stance fills \"Who argued that ___?\"; write the whole "
        "clause, or a shorter one"
    )


def test_a_stance_that_is_no_clause_or_starts_like_a_sentence_is_a_warning(tmp_path):
    code, out = run(_with_stance(tmp_path / "a", "no right to do more than to restrict the pact"))
    assert code == 0
    assert _stance_line(out) == (
        "decks/d/facts.yaml:67:13: warning: stance does not read as a clause (starts 'no right to'): a stance fills "
        '"Who argued that ___?", such as "the war could have been avoided"'
    )
    code, out = run(_with_stance(tmp_path / "b", "If we suppose the pact was a mistake"))
    assert "stance does not read as a clause (starts 'If')" in _stance_line(out)
    code, out = run(_with_stance(tmp_path / "c", "The pact was a mistake"))
    assert _stance_line(out) == (
        "decks/d/facts.yaml:67:13: warning: stance starts with a capital ('The'): a stance fills "
        "\"Who argued that ___?\"; write 'the'"
    )
    assert "stance" not in run(_with_stance(tmp_path / "d", "Testland cannot be trusted"))[1]  # a name


def test_a_drafts_stance_is_not_checked_until_the_draft_flag_is_gone(tmp_path):
    code, out = run(_with_stance(tmp_path, "Woe unto the pact.", draft=True))
    assert code == 0 and "stance" not in out


def test_a_stance_shown_only_as_an_option_may_be_a_phrase(tmp_path):
    # Hand-written stems for the templates whose stem names the stance, and an explanation: the stance is only ever
    # an option ("to wean Pakistan from China", in the bundled deck).
    facts = FACTS.replace(_STANCE, "stance: to cancel the pact")
    code, out = run(write_content(tmp_path, facts))
    assert code == 0 and "stance" not in out


@pytest.mark.parametrize(
    ("unit", "meant"),
    [
        ("yeers", "years"),
        ('"%"', "percent"),
        ("year", "years"),
        ("dollars", "usd"),
        ("USD", "usd"),
        ("century", "centuries"),
    ],
)
def test_a_unit_the_deck_format_does_not_know_is_refused_with_did_you_mean(tmp_path, unit, meant):
    # The author's walk (Lincoln): each of these passed, showing "250 yeers", "12.5 %", "4 year", "250 dollars".
    root = write_content(tmp_path, FACTS.replace("unit: percent", f"unit: {unit}", 1))
    code, out = run(root)
    assert code == 1
    shown = unit.strip('"')
    assert out.splitlines()[0] == (
        f"decks/d/facts.yaml:78:11: unit '{shown}' is not one the deck format knows (did you mean '{meant}'?): use "
        "percent, usd, or a plural noun such as seconds, minutes, hours, days, weeks, months, years, decades, "
        "centuries, people"
    )


@pytest.mark.parametrize("unit", ["businesses", "nuclear tests", "gigawatts", "people", "tours"])
def test_a_plural_noun_is_a_unit(tmp_path, unit):
    root = write_content(tmp_path, FACTS.replace("unit: percent", f"unit: {unit}", 1))
    assert run(root)[0] == 0


# --- messages an author meets (the author's walk, Lincoln) ----------------------------------------------------------

_WHERE = """\
    questions:
      - id: where
        stem: "Where was the 2020 summit held?"
        answer: Capital City
        distractors: [{}]
"""


@pytest.mark.parametrize("others", ["Port Town, Hill Village", "Port Town, Hill Village, River Bend"])
def test_a_hand_written_answer_among_its_distractors_is_one_error_naming_it(tmp_path, others):
    # With four distractors the duplicate was dropped without a word; with three the error did not say which.
    facts = FACTS.replace(
        "    explanation: The summit took place in June 2020.\n",
        "    explanation: The summit took place in June 2020.\n" + _WHERE.format(f"{others}, capital city."),
    )
    code, out = run(write_content(tmp_path, facts))
    assert code == 1
    assert out.splitlines() == [
        f"decks/d/facts.yaml:26:{len(others) + 25}: hand-written question 'where': distractor 'capital city.' is its "
        "answer; write a wrong answer instead",
        "12 facts, 20 questions; 1 error, 0 warnings, 0 recorded disagreements",
    ]


def test_an_unknown_conflicts_with_id_is_reported_at_its_own_line(tmp_path):
    listed = "    according_to: Cy Jones\n    conflicts_with:\n      - smith\n      - war-begun\n"
    facts = FACTS.replace("    skip: [position-holder]\n", "    skip: [position-holder]\n" + listed)
    code, out = run(write_content(tmp_path, facts))
    assert code == 1
    assert [line for line in out.splitlines() if "war-begun" in line] == [
        "decks/d/facts.yaml:76:9: conflicts_with names unknown fact 'war-begun'"
    ]


def test_an_unknown_or_own_same_point_id_is_reported_at_its_own_line(tmp_path):
    listed = "    same_point:\n      - smith\n      - war-begun\n      - jones-pact\n"
    facts = FACTS.replace("    skip: [position-holder]\n", "    skip: [position-holder]\n" + listed)
    root = write_content(tmp_path, facts)
    lines = (root / "decks" / "d" / "facts.yaml").read_text(encoding="utf-8").splitlines()
    assert (lines[74], lines[75]) == ("      - war-begun", "      - jones-pact")  # in fact jones-pact
    code, out = run(root)
    assert code == 1
    assert [line for line in out.splitlines() if "same_point" in line] == [
        "decks/d/facts.yaml:75:9: same_point names unknown fact 'war-begun'",
        "decks/d/facts.yaml:76:9: same_point names its own fact: a fact makes its own point already",
    ]
    # A known other fact is fine, either side naming it.
    code, out = run(
        write_content(
            tmp_path,
            FACTS.replace("    skip: [position-holder]\n", "    skip: [position-holder]\n    same_point: [smith]\n"),
        )
    )
    assert code == 0, out


def test_a_tab_in_the_indentation_says_tab_and_that_yaml_indents_with_spaces(tmp_path):
    root = write_content(tmp_path, FACTS.replace("    tags: [aid]\n", "\ttags: [aid]\n", 1))
    code, out = run(root)
    assert code == 1
    assert out.splitlines()[0] == (
        "decks/d/facts.yaml:6:1: YAML syntax error: a tab character: YAML indents with spaces; replace the tab"
    )


def test_files_that_are_not_utf8_are_named_with_line_column_and_what_to_do(tmp_path):
    fix = "not UTF-8 text (byte 0xE9; saved as Latin-1 or Windows-1252?): save the file as UTF-8, e.g. iconv -f latin1 -t utf-8"
    root = write_content(tmp_path / "facts", FACTS.replace("explanation: Bo Smith is a minister.", "note: années"))
    facts = root / "decks" / "d" / "facts.yaml"
    facts.write_bytes(facts.read_bytes().replace("é".encode(), b"\xe9"))  # one word saved as Latin-1
    code, out = run(root)
    assert code == 1 and out.splitlines()[0] == f"decks/d/facts.yaml:29:14: {fix}"
    root = write_content(tmp_path / "seed")
    seed = root / "seeds" / "test-2024.txt"
    seed.write_bytes(seed.read_bytes().replace(b"Next Story", b"Prochaine \xe9tape"))
    code, out = run(root)
    assert code == 1 and out.splitlines()[0] == f"seeds/test-2024.txt:20:11: {fix}"


def test_each_tag_that_is_not_lowercase_words_is_a_warning_at_its_place(tmp_path):
    root = write_content(tmp_path, FACTS.replace("    tags: [aid]\n", "    tags: [aid, Bad Tag, ok:fine, x_y]\n", 1))
    code, out = run(root)
    assert code == 0
    assert [line for line in out.splitlines() if "tag '" in line] == [
        "decks/d/facts.yaml:6:17: warning: tag 'Bad Tag' should be lowercase words joined by - (no spaces)",
        "decks/d/facts.yaml:6:35: warning: tag 'x_y' should be lowercase words joined by - (no spaces)",
    ]
