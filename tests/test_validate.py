"""`quizgen validate`: one exact, located line per problem kind."""

from click.testing import CliRunner
from conftest import FACTS, write_content

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
    assert out.splitlines()[0] == (
        "decks/d/facts.yaml:25:4: YAML syntax error: while parsing a block collection, "
        "did not find expected '-' indicator"
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
        '(seeds/test-2024.txt:10): "In May 2019 the two countries signed a trade pact that cut tariffs to 19% from 25%."'
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
        'decks/d/facts.yaml:117:50: quoted.date \'2024-13\' must be "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
        "decks/d/facts.yaml:120:16: level 'analysis' must be one of recall, thesis, cause, comparison, "
        "fact-or-opinion, disagreement",
        "13 facts, 27 questions; 4 errors, 0 warnings, 0 recorded disagreements",
    ]


def test_see_also_names_other_facts_and_quoted_dates_are_dates(tmp_path):
    facts = FACTS + NEW_KEYS.replace("kind: speach", "kind: speech").replace("[role, when]", "[role]")
    code, out = run(write_content(tmp_path, facts.replace("level: analysis", "level: cause")))
    assert code == 1
    assert (
        out.splitlines()[0]
        == 'decks/d/facts.yaml:117:50: quoted.date \'2024-13\' must be "YYYY", "YYYY-MM" or "YYYY-MM-DD"'
    )
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
