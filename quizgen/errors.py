"""The one exception family for what a user can get wrong, and the located problems validation reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pathlib import Path

    from .problems import Location as Location
    from .problems import Problem as Problem

LAZY = ("Location", "Problem")
"""The located problems validation reports, defined in problems.py and made when first asked for: a warm quiz of
content without problems never creates their classes (six generated methods each)."""


def __getattr__(name: str) -> Any:
    if name in LAZY:
        from . import problems

        return getattr(problems, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class QuizgenError(Exception):
    """A user-facing error: the CLI prints `error: <message>` and exits non-zero, never a traceback."""

    exit_code = 1


class QuizgenWarning(UserWarning):
    """Something the user should know that does not stop the command: the CLI prints `warning: <message>` once."""


class CacheFolderWarning(QuizgenWarning):
    """The cache folder an environment `variable` names cannot be used, so quizgen runs without a cache."""

    def __init__(self, variable: str, path: str, reason: str):
        self.variable, self.path, self.reason = variable, path, reason
        super().__init__(f"{variable}={path} {reason}; running without a cache")


class OutputError(QuizgenError):
    """Standard output could not take what was written (full disk, /dev/full, a closed or broken stream)."""


class ContentError(QuizgenError):
    """Content that failed validation; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        first = errors[0] if errors else problems[0]
        more = f" (and {len(errors) - 1} more; run `quizgen validate`)" if len(errors) > 1 else ""
        super().__init__(f"{first.format()}{more}")


Spell = Callable[[str, str | None], str]
"""How a front end names a parameter: (Python name, a value or None) -> words; ('key', 'False') -> '--no-key'."""


def python_spelling(name: str, value: str | None) -> str:
    """A parameter as a Python caller passes it: `fmt`, `key=False`."""
    return name if value is None else f"{name}={value}"


class ArgumentError(QuizgenError):
    """A value given to the library that it cannot use, naming the parameter so each front end can word it.

    `template` names parameters by their Python names in braces: `{fmt}`, or `{key:False}` for one value of it; the
    other fields are filled from `data`. str() spells parameters as Python does (`fmt`, `key=False`); the CLI as the
    option its user typed (`--format`, `--no-key`) through `worded`. `parameter` is the one that was wrong, `value`
    what was given, `choices` what would have done, when known.

    >>> str(ArgumentError("fmt", "{fmt}: unknown format '{value}'", value="pfd", choices=("pdf",)))
    "fmt: unknown format 'pfd'"
    """

    def __init__(
        self, parameter: str, template: str, *, value: Any = None, choices: Sequence[str] = (), **data: Any
    ) -> None:
        self.parameter, self.template, self.value, self.choices = parameter, template, value, tuple(choices)
        self.data = {"value": value, **data}
        super().__init__(self.worded(python_spelling))

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its attributes, not its __init__ arguments: so it crosses a process boundary (pickle) intact.
        return _restore, (type(self), self.args, self.__dict__.copy())

    @classmethod
    def unknown(cls, parameter: str, what: str, value: str, choices: Sequence[str]) -> ArgumentError:
        """`fmt: unknown format 'pfd'; choose from json, csv`."""
        template = f"{{{parameter}}}: unknown {what} '{{value}}'; choose from {{known}}"
        return cls(parameter, template, value=value, choices=choices, known=", ".join(choices))

    def parameters(self) -> list[str]:
        """The parameters the message names, in order."""
        import string  # only when an error is worded: `quizgen --help` does not need it

        fields = (name for _, name, _, _ in string.Formatter().parse(self.template) if name)
        return list(dict.fromkeys(f for f in fields if f not in self.data))

    def worded(self, spell: Spell) -> str:
        """The message with each parameter spelled by `spell`; values from `data` are never re-read as fields."""
        return self.template.format(**{name: _Named(name, spell) for name in self.parameters()}, **self.data)


def _restore(cls: type[ArgumentError], args: tuple[Any, ...], state: dict[str, Any]) -> ArgumentError:
    exc = cls.__new__(cls)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class _Named:
    """A parameter in a template: formats as its spelling, the format spec being the value (`{key:False}`)."""

    def __init__(self, name: str, spell: Spell):
        self.name, self.spell = name, spell

    def __format__(self, value: str) -> str:
        return self.spell(self.name, value or None)


Source = Literal["argument", "environment", "default"]
"""Where a setting's value came from: passed in (a CLI option), its environment variable, or the default."""


class SettingError(ArgumentError):
    """A folder quizgen cannot use, with where its value came from, so the message names what the user set.

    `source` says whether it was passed as the `setting` argument (the CLI's option, e.g. `--content`), read from the
    setting's environment `variable`, or the default; `problem` is the rest of the message.
    """

    def __init__(self, setting: str, variable: str, source: Source, path: Path, problem: str):
        self.setting, self.variable, self.source, self.path, self.problem = setting, variable, source, path, problem
        named = {"argument": f"{{{setting}}}: ", "environment": "{variable}: ", "default": ""}[source]
        # Not super(): a subclass may also derive from another ArgumentError (history's DataDirError)
        ArgumentError.__init__(self, setting, named + "{problem}", value=path, variable=variable, problem=problem)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close choice exists, else ''."""
    import difflib  # only when there is a mistake to name

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
