"""The exception family: errors carry data (the parameter, the value, the choices); each front end words them."""

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import quizgen
import quizgen.errors as errors
from quizgen.errors import ArgumentError, python_spelling


def _options(name, value):
    return {"fmt": "--format", "key": "--key" if value != "False" else "--no-key"}.get(name, f"--{name}")


def test_the_library_names_the_python_parameter_and_a_front_end_its_own_words():
    error = quizgen.ArgumentError(
        "explanations", "{explanations} go into the answer key; drop {key:False} to print them"
    )
    assert isinstance(error, quizgen.QuizgenError)
    assert str(error) == "explanations go into the answer key; drop key=False to print them"
    assert error.parameters() == ["explanations", "key"]
    assert error.worded(_options) == "--explanations go into the answer key; drop --no-key to print them"


def test_an_unknown_choice_carries_the_value_and_the_choices():
    error = ArgumentError.unknown("fmt", "format", "pfd", ("pdf", "md"))
    assert str(error) == "fmt: unknown format 'pfd'; choose from pdf, md"
    assert (error.parameter, error.value, error.choices) == ("fmt", "pfd", ("pdf", "md"))
    assert error.worded(_options) == "--format: unknown format 'pfd'; choose from pdf, md"


def test_values_are_never_read_as_parameters():
    error = ArgumentError("test", "{test}: cannot read {value}", value="{key}/{fmt:x}.json")
    assert str(error) == "test: cannot read {key}/{fmt:x}.json"
    assert error.worded(_options) == "--test: cannot read {key}/{fmt:x}.json"


def test_a_setting_is_named_where_its_value_came_from():
    def error(source):
        return quizgen.SettingError("data_dir", "QUIZGEN_DATA_DIR", source, Path("x"), "x is not a folder")

    assert [str(error(s)) for s in ("argument", "environment", "default")] == [
        "data_dir: x is not a folder",
        "QUIZGEN_DATA_DIR: x is not a folder",
        "x is not a folder",
    ]
    assert error("argument").worded(lambda name, value: "--data-dir") == "--data-dir: x is not a folder"
    assert error("environment").worded(lambda name, value: "--data-dir") == "QUIZGEN_DATA_DIR: x is not a folder"
    assert isinstance(error("default"), quizgen.ArgumentError)


def test_an_error_crosses_a_process_boundary_with_its_data():
    error = pickle.loads(pickle.dumps(ArgumentError.unknown("style", "style", "cloze", ("mc", "recall"))))
    assert type(error) is ArgumentError
    assert (str(error), error.parameter, error.choices) == ("style: unknown style 'cloze'; choose from mc, recall",
                                                            "style", ("mc", "recall"))  # fmt: skip
    assert error.worded(python_spelling) == str(error)


def test_the_public_api_raises_messages_for_python_callers(content_dir):
    content = quizgen.load_content(content_dir)
    with pytest.raises(quizgen.ArgumentError, match=r"^deck: no deck 'dd' \(did you mean 'd'\?\); decks: d$"):
        content.bank("dd")
    bank = content.bank(seed=0)
    with pytest.raises(quizgen.ArgumentError, match=r"^fmt: unknown format 'pfd'; choose from pdf, docx, md, html$"):
        quizgen.render_sheet(quizgen.build_sheet(bank, n=1), "pfd")
    with pytest.raises(
        quizgen.ArgumentError, match=r"^kinds: unknown kind 'evnt' \(did you mean 'event'\?\)$"
    ) as error:
        quizgen.build_sheet(bank, quizgen.Filters(kinds=("evnt",)), n=1)
    assert (error.value.parameter, error.value.value) == ("kinds", "evnt")


def test_located_problems_are_made_when_first_asked_for():
    code = (
        "import sys, quizgen.errors as errors\n"
        "before = 'quizgen.problems' in sys.modules\n"
        "from quizgen.errors import Location, Problem\n"
        "import quizgen.problems as problems\n"
        "print(before, Problem is problems.Problem, Location is problems.Location)\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["False", "True", "True"]
    with pytest.raises(AttributeError, match="no attribute 'Problme'"):
        errors.Problme  # noqa: B018 - a name the module does not have is still an error
