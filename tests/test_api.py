"""The public API: quizgen.__all__ names what other code may rely on, loaded only when used."""

import subprocess
import sys

import quizgen


def test_every_public_name_resolves():
    for name in quizgen.__all__:
        assert getattr(quizgen, name) is not None, name
    assert set(quizgen.__all__) <= set(dir(quizgen))
    assert issubclass(quizgen.ContentError, quizgen.QuizgenError)
    assert issubclass(quizgen.SettingError, quizgen.QuizgenError)


def test_an_unknown_name_is_an_attribute_error():
    try:
        quizgen.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert str(exc) == "module 'quizgen' has no attribute 'no_such_name'"
    else:
        raise AssertionError("quizgen.no_such_name resolved")


def test_import_quizgen_loads_no_heavy_library():
    code = "import sys, quizgen; print(' '.join(m for m in ('yaml', 'genanki', 'click') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "\n"
    # ... and a public name loads what it needs, not the other outputs
    code = "import sys, quizgen; quizgen.to_json; print('genanki' in sys.modules, 'click' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False False\n"
