"""The terminal quiz: an interactive UI (questionary) and a plain line-by-line UI, both driving `run_session`.

This is the only module that imports questionary or prompt_toolkit, and only inside `InteractiveUI`, so the
`--plain` path starts fast and works without a terminal. It only talks to the terminal: `session.play` (questions →
rounds with feedback, summary and retry of missed ones) is shared by `quizgen quiz` (`quiz.run_quiz`) and
`quizgen review` (`review.run_review`).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

import click

from ..bank.select import Filters
from ..errors import ArgumentError, QuizgenError
from ..model.questions import KINDS, Question
from ..model.textnorm import quoted
from .session import LETTERS, Answer, EndOfInput, Summary, format_duration, parse_choice, source_names

DEFAULT_COUNT = 10
"""How many questions a quiz asks unless told (the setup screen offers it first)."""
PLAIN_RETRIES = 3
"""How many times --plain asks again after an answer that is neither a letter nor a number."""

Line = list[tuple[str, str]]
"""One output line as (style, text) pieces; styles: ok, bad, right, head, dim, quote, or '' for plain."""


class NotATerminal(QuizgenError):
    """The interactive quiz was started without a terminal on stdin and stdout."""

    exit_code = 2


def check_terminal(stdin: TextIO | None = None, stdout: TextIO | None = None, command: str = "quiz") -> None:
    """Raise NotATerminal unless both stdin and stdout are terminals (the interactive UI needs both)."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    if not (_isatty(stdin) and _isatty(stdout)):
        which = "standard input" if not _isatty(stdin) else "standard output"
        raise NotATerminal(
            f"quizgen {command} needs a terminal, but {which} is not one; "
            f"use `quizgen {command} --plain` to answer line by line from standard input"
        )


def _isatty(stream: TextIO | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (ValueError, AttributeError):  # closed or replaced streams
        return False


# --- what both UIs say ---------------------------------------------------------------------------------------------


def option_label(question: Question, index: int) -> str:
    return f"{LETTERS[index]}) {question.options[index]}"


def keys_hint(question: Question, sep: str = " / ") -> str:
    """What a learner may type for this question: `a-d / 1-4`, `a-b / 1-2 / t/f` for true/false."""
    n = len(question.options)
    hint = f"a-{LETTERS[n - 1]}{sep}1-{n}"
    return hint + f"{sep}t/f" if question.true_false else hint


def feedback_lines(answer: Answer, *, echo: bool = True, marks: bool = False) -> list[Line]:
    """Right or wrong, the right answer, the explanation, and the supporting quote with its citation.

    `echo` repeats the chosen option (plain mode, where it is not on screen); `marks` adds ✓/✗.
    """
    q = answer.question
    ok, bad = ("\u2713 ", "\u2717 ") if marks else ("", "")
    right = ("right", f"{ok}{option_label(q, q.answer)}")  # coloured, and marked where marks are shown
    if answer.correct:
        lines: list[Line] = [[("ok", f"{ok}Correct!"), ("", f" {option_label(q, q.answer)}" if echo else "")]]
    elif answer.chosen is None:
        lines = [[("bad", f"{bad}No answer."), ("", " The answer is "), right]]
    elif echo:
        lines = [[("bad", f"{bad}Wrong."), ("", f" You chose {option_label(q, answer.chosen)}. The answer is "), right]]
    else:
        lines = [[("bad", f"{bad}Wrong."), ("", " The answer is "), right]]
    if q.explanation:
        lines.append([("", q.explanation)])
    for source in q.sources:  # its own quote, then those of the other facts it rests on (see_also)
        lines.append([("quote", quoted(source.quote))])
        lines.append([("dim", f"\u2014 {source.citation}")])
    return lines


def summary_lines(summary: Summary, title: str = "Summary", names: Mapping[str, str] | None = None) -> list[Line]:
    """Score, percentage, time, breakdown by kind and by source (named as in `names`), and the missed questions."""
    score = summary.score
    lines: list[Line] = [[("head", title)]]
    if summary.aborted and score.total < summary.planned:  # Ctrl-C after the last answer stopped nothing
        lines.append([("dim", f"Stopped after {score.total} of {summary.planned} questions.")])
    if not score.total:
        lines.append([("", "No questions answered.")])
        return lines
    style = "ok" if score.percent >= 70 else "bad" if score.percent < 50 else ""
    lines.append(
        [
            (style, f"{score.right} of {score.total} correct ({score.percent}%)"),
            ("", f" in {format_duration(summary.seconds)}"),
        ]
    )

    def breakdown(tallies: Mapping[str, Any], order: Sequence[str] = (), label: Mapping[str, str] = {}) -> str:
        keys = [k for k in order if k in tallies] + sorted(k for k in tallies if k not in order)
        return ", ".join(f"{label.get(k, k)} {tallies[k]} ({tallies[k].percent}%)" for k in keys)

    lines.append([("", "By kind: " + breakdown(summary.by_kind, KINDS))])
    lines.append([("", "By source: " + breakdown(summary.by_source, label=names or {}))])
    if summary.missed:
        lines.append([("", f"Missed ({len(summary.missed)}):")])
        for answer in summary.missed:
            q = answer.question
            lines.append([("", f"  - {q.stem} "), ("dim", "Answer: "), ("", q.correct)])
        if summary.aborted:  # no retry offer after a stop: say how to drill them later
            lines.append([("dim", "Drill them again any time: quizgen quiz --missed")])
    return lines


_MISTAKES = Filters()
"""The picker's "My mistakes" choice, told apart from "Everything" by identity."""


def _study_choices(questions: Sequence[Question], texts: Mapping[str, Any], mistakes: Sequence[Question]) -> list[Any]:
    """The picker's choices with their question counts: everything, my mistakes (if any), each kind of fact, each
    source."""
    import questionary

    def count(filters: Filters) -> int:
        return sum(filters.matches(q) for q in questions)

    names = source_names(texts)
    choices = [questionary.Choice(f"Everything ({len(questions)})", value=Filters())]
    if mistakes:
        choices.append(questionary.Choice(f"My mistakes ({len(mistakes)})", value=_MISTAKES))
    for filters in [Filters(kinds=(k,)) for k in KINDS] + [Filters(sources=(s,)) for s in texts]:
        # a kind is the kind of fact, as --kind, the summary and Anki's subdecks group them: a question on a number
        # fact may ask about it in words (how a report compares two tariffs)
        label = f"On {filters.kinds[0]} facts" if filters.kinds else f"From {names[filters.sources[0]]}"
        if count(filters):
            choices.append(questionary.Choice(f"{label} ({count(filters)})", value=filters))
    return choices


# --- plain ---------------------------------------------------------------------------------------------------------


class PlainUI:
    """Lettered options, one answer per line: for scripts, screen readers and dumb terminals."""

    def __init__(
        self,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        *,
        retries: int = PLAIN_RETRIES,
        names: Mapping[str, str] | None = None,
    ):
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        if self.stdin is None:  # the shell closed it (`<&-`): Python leaves sys.stdin None
            raise ArgumentError(
                "plain", "standard input is closed; {plain:True} reads the answers from it, one per line"
            )
        if self.stdout is None:
            raise QuizgenError("standard output is closed; redirect it to /dev/null to discard it")
        self.names = names or {}
        """How the summary names sources, by seed slug (`session.source_names`)."""
        self.retries = retries
        self.echo_input = not _isatty(self.stdin)  # so a transcript of piped input shows what was answered
        self.wrap = _isatty(self.stdout)
        """Whether lines are wrapped at word breaks: on a terminal, which would break words at its edge; never in a
        pipe or a file, where a screen reader or a script wants each line whole."""

    def _write(self, text: str = "") -> None:
        if self.wrap and text:
            text = _wrap_plain(text)
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def _lines(self, lines: list[Line]) -> None:
        for line in lines:
            self._write("".join(text for _, text in line))

    def ask(self, question: Question, number: int, total: int) -> int | None:
        self._write(f"\nQuestion {number}/{total}")
        self._write(question.stem)
        for i in range(len(question.options)):
            self._write(f"  {option_label(question, i)}")
        last = LETTERS[len(question.options) - 1]
        for tries in range(self.retries + 1):
            self.stdout.write(f"Answer ({keys_hint(question, ' or ')}): ")
            self.stdout.flush()
            line = self.stdin.readline()
            if not line:
                self._write()
                raise EndOfInput
            if self.echo_input:
                self._write(line.rstrip("\r\n"))
            chosen = parse_choice(line, len(question.options), question.true_false)
            if chosen is not None:
                return chosen
            if tries < self.retries:
                also = " (or t, f)" if question.true_false else ""
                self._write(f"Please answer with a letter a-{last} or a number 1-{len(question.options)}{also}.")
        self._write("No valid answer; counted as not answered.")
        return None

    def feedback(self, answer: Answer) -> None:
        self._lines(feedback_lines(answer))

    def message(self, text: str) -> None:
        self._write(text)

    def show_summary(self, summary: Summary, title: str = "Summary") -> None:
        self._write()
        self._lines(summary_lines(summary, title, self.names))
        self._write(f"Score: {summary.score}")

    def offer_retry(self, count: int) -> bool:
        return False  # every stdin line is an answer: a yes/no here would shift a script's answers


# --- interactive ---------------------------------------------------------------------------------------------------

_STYLES: dict[str, dict[str, Any]] = {  # click.style keywords
    "ok": {"fg": "green", "bold": True},
    "bad": {"fg": "red", "bold": True},
    "right": {"fg": "green", "bold": True},
    "head": {"bold": True},
    "dim": {"dim": True},
    "quote": {"italic": True},
    "": {},
}
INSTRUCTION = "(\u2191\u2193 Enter, or {keys})"
"""Below each question; {keys} is keys_hint(question): `a-d / 1-4` for four options."""
POINTED = [("pointer", "fg:ansicyan bold"), ("highlighted", "fg:ansicyan bold reverse")]
"""questionary's style for the option under the pointer: the » marker bold and coloured, the option in reverse
video, which stays when colour is off (NO_COLOR); the marker is what a screen reader reads."""
SHORT_INSTRUCTION = "({keys})"
"""The instruction in a terminal narrower than 40 columns, where the long one would be cut."""
MIN_WIDTH = 16
"""Narrower terminals are wrapped as if this wide: below it an option letter and a word no longer fit a line."""
ENTER_GUARD = 0.5
"""Seconds after a question is drawn in which Enter, pressed before any other key, does nothing (and each such Enter
starts the wait again): a double or held Enter must not answer a question nobody has read yet. No one reads a
question and its options this fast; an arrow key first, or a letter, answers at once."""
NEXT = {False: "Press Enter for the next question", True: "Press Enter for the summary"}
"""The line after each answer's feedback (True: after the last question); any key continues."""


class InteractiveUI:
    """Arrow keys and shortcut keys through questionary; feedback and summary printed in colour.

    `input`/`output` go to prompt_toolkit (tests pass a pipe input and DummyOutput); `stream` receives
    everything else that is printed. Only keys pressed while a prompt is on screen count (`_run`): `ready` is called
    each time a prompt has been drawn and waits for keys (tests type there); `timer` and `enter_guard` time the
    Enter that follows a question too closely (`ENTER_GUARD`).
    """

    def __init__(
        self,
        *,
        input: Any = None,
        output: Any = None,
        stream: TextIO | None = None,
        color: bool | None = None,
        width: int | None = None,
        height: int | None = None,
        names: Mapping[str, str] | None = None,
        ready: Callable[[], None] | None = None,
        timer: Callable[[], float] = time.monotonic,
        enter_guard: float = ENTER_GUARD,
    ):
        self.input = input
        self.output = output
        self.stream = stream
        if color is None and (os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb"):
            color = False  # https://no-color.org: any non-empty NO_COLOR; a dumb terminal shows codes as text
        self.color = color
        self.width = width
        self.height = height
        self._asked_rows = 0
        """Rows the last question takes once answered (its number, stem and choice): what the feedback follows."""
        self.names = names or {}
        """How the summary names sources, by seed slug (`session.source_names`)."""
        self.ready = ready
        self.timer = timer
        self.enter_guard = enter_guard
        self._last = False
        """Whether the question asked last is the session's last (its feedback then leads to the summary)."""
        self._holding = False
        self._interrupted = False
        self._prompt: Any = None
        """The prompt_toolkit application on screen, if any."""

    def _kwargs(self) -> dict[str, Any]:
        kwargs = {k: v for k, v in (("input", self.input), ("output", self.output)) if v is not None}
        if self.color is False:  # prompt_toolkit's own colours too (older releases ignore NO_COLOR)
            from prompt_toolkit.output import ColorDepth

            kwargs["color_depth"] = ColorDepth.DEPTH_1_BIT
        return kwargs

    def _height(self) -> int:
        """Rows on the screen (`height`, else the terminal's)."""
        import shutil

        return self.height or shutil.get_terminal_size().lines

    def _width(self) -> int:
        """Columns to wrap at: the terminal's, at most 100; text is wrapped, never clipped, however narrow."""
        import shutil  # here: the plain UI needs no terminal size (a warm `quiz --plain` starts sooner)

        return max(MIN_WIDTH, min(self.width or shutil.get_terminal_size().columns, 100))

    def _instruction(self, question: Question) -> str:
        return (INSTRUCTION if self._width() >= 40 else SHORT_INSTRUCTION).format(keys=keys_hint(question))

    def _echo(self, line: Line | str = "", indent: str = "", hang: int = 0) -> int:
        """Print one line wrapped at the width, continued lines `hang` further in; returns the rows it took."""
        pieces = [("", line)] if isinstance(line, str) else line
        width = self._width()
        text = "".join(t for _, t in pieces)
        if len(indent) + len(text) > width:
            lead = len(text) - len(text.lstrip(" "))
            # one hanging indent: continued lines start under the text, and under an item's text, not its "- "
            hanging = indent + " " * (lead + (2 if text[lead:].startswith("- ") else hang))
            pieces = _rewrap(pieces, _fill(text, width, initial_indent=indent, subsequent_indent=hanging))
        else:
            pieces = [("", indent), *pieces]
        shown = "".join(click.style(t, **_STYLES[s]) if s else t for s, t in pieces)
        # to sys.stdout itself: click would swap an ASCII stdout for UTF-8 the terminal cannot show
        click.echo(shown, file=self.stream or sys.stdout, color=self.color)
        return shown.count("\n") + 1

    # Only keys pressed while a prompt is on screen count, and Ctrl-C always stops: Python raises KeyboardInterrupt
    # wherever the program is when SIGINT comes, and raised in a weakref callback or a finalizer (prompt_toolkit
    # leaves many behind as one prompt ends and the next is built) it is printed as "Exception ignored" and lost.
    # That lost a Ctrl-C pressed as a question appeared. So the quiz holds SIGINT and stops where it can.

    @contextmanager
    def holding_interrupts(self) -> Iterator[None]:
        """While this lasts, Ctrl-C (SIGINT) raises KeyboardInterrupt only at the next prompt, or at once in a
        prompt on screen; an answer's history write, between two prompts, is never cut in two."""
        import signal

        try:
            previous = None if self._holding else signal.signal(signal.SIGINT, self._on_sigint)
        except ValueError:  # not the main thread: signals are not ours to handle
            previous = None
        self._holding = self._holding or previous is not None
        try:
            yield
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
                self._holding = False

    def _on_sigint(self, signum: int, frame: Any) -> None:
        self._interrupted = True
        app = self._prompt
        if app is not None and app.loop is not None:  # wake the prompt on screen (its loop waits for keys)
            app.loop.call_soon_threadsafe(self._stop_prompt, app)

    def _stop_prompt(self, app: Any) -> None:
        if app.is_running and not app.is_done and self._take_interrupt():  # else the next prompt stops
            app.exit(exception=KeyboardInterrupt, style="class:aborting")

    def _take_interrupt(self) -> bool:
        """Whether a Ctrl-C came since the last prompt took one."""
        interrupted, self._interrupted = self._interrupted, False
        return interrupted

    def interrupted(self) -> bool:
        """Whether a Ctrl-C came since the last prompt and is still held (taken by this call): `session.play` asks
        once the summary is shown and no prompt follows."""
        return self._take_interrupt()

    def _stop_if_interrupted(self) -> None:
        if self._take_interrupt():
            raise KeyboardInterrupt

    def _run(self, app: Any, drawn: Callable[[], None] | None = None) -> Any:
        """Run one prompt (a prompt_toolkit application); Ctrl-C stops it, Ctrl-D or a closed input end the session
        as end of input. Keys typed before it was drawn are dropped (`_TypedAhead`). `drawn` is called once the
        prompt is drawn and waits for keys, then `self.ready`."""
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        stops = KeyBindings()
        stops.add("c-c", eager=True)(_exit_with(KeyboardInterrupt))
        stops.add("c-d", eager=True)(_exit_with(EndOfInput))
        app.key_bindings = merge_key_bindings([*filter(None, [app.key_bindings]), stops])  # later bindings win
        ahead = _TypedAhead(app, [*filter(None, (drawn, self.ready))], self._take_interrupt)
        with self.holding_interrupts():
            self._stop_if_interrupted()
            self._prompt = app
            try:
                return app.run(pre_run=ahead.left_over, handle_sigint=False)  # SIGINT: `_on_sigint`
            except EOFError:  # the terminal went away
                raise EndOfInput from None
            finally:
                self._prompt = None
                ahead.detach()

    def _select(self, message: str, choices: list[Any], default: Any = None, **extra: Any) -> Any:
        import questionary

        style = questionary.Style(POINTED)
        prompt = questionary.select(
            message, choices, default=default, qmark="?", style=style, **extra, **self._kwargs()
        )
        return self._run(prompt.application)

    def setup(
        self, questions: Sequence[Question], texts: Mapping[str, Any], mistakes: Sequence[Question] = ()
    ) -> tuple[Filters, int, bool]:
        """Ask what to study and how many questions; Enter, Enter takes the defaults (everything, 10). "My mistakes"
        is offered when there are `mistakes` (questions whose latest answer was wrong); the third value says it was
        chosen."""
        import questionary

        chosen = self._select("What do you want to study?", _study_choices(questions, texts, mistakes),
                              instruction="(\u2191\u2193 Enter)")  # fmt: skip
        missed = chosen is _MISTAKES
        available = len(mistakes) if missed else sum(chosen.matches(q) for q in questions)
        sizes = [n for n in (5, 10, 20) if n < available]
        size_choices = [questionary.Choice(f"{n} questions", value=n) for n in sizes]
        size_choices.append(questionary.Choice(f"All {available}", value=available))
        default = DEFAULT_COUNT if DEFAULT_COUNT in sizes else available
        how_many = self._select(
            "How many questions?", size_choices, default=default, instruction="(\u2191\u2193 Enter)"
        )
        return (Filters() if missed else chosen), how_many, missed

    def ask(self, question: Question, number: int, total: int) -> int | None:
        import questionary
        from prompt_toolkit.key_binding import merge_key_bindings
        from questionary.prompts.common import InquirerControl

        self._stop_if_interrupted()
        self._last = number == total
        self._echo()
        self._echo([("head", f"Question {number}/{total}")])
        # questionary neither wraps long lines nor indents them: wrap stem and options here, at word breaks
        width = self._width()
        instruction = self._instruction(question)
        stem = _wrap_before(question.stem, instruction, width - 3)
        choices = [
            questionary.Choice(  # the first line follows questionary's " » a) ", the others the whole width
                _fill(text, width - 1, initial_indent=" " * 6, subsequent_indent=" " * 6)[6:],
                value=i,
                shortcut_key=LETTERS[i],
            )
            for i, text in enumerate(question.options)
        ]
        prompt = questionary.select(
            stem,
            choices,
            qmark="?",
            instruction=instruction,
            use_shortcuts=True,
            style=questionary.Style(POINTED),
            **self._kwargs(),
        )
        app = prompt.application
        control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
        own_line = stem.endswith("\n ")  # the instruction went below the stem; so will the answer
        last_line = len(stem.rsplit("\n", 1)[-1]) + 3
        self._asked_rows = 3 + stem.count("\n") + 1  # blank, number, the stem and the choice (at least a line)

        def shown(index: int) -> str:
            """The chosen option as the answered prompt shows it: after the stem if it fits, else below it."""
            text = f"{LETTERS[index]}) {question.options[index]}"
            if own_line:
                return _fill(text, width - 2, subsequent_indent="     ")
            if last_line + len(text) < width:  # a line filling the last column makes the terminal wrap early
                return text
            return "\n  " + _fill(text, width - 3, subsequent_indent="     ")

        guard = _EnterGuard(self.timer, self.enter_guard)
        keys = _answer_keys(question, control, shown, guard)
        app.key_bindings = merge_key_bindings([*filter(None, [app.key_bindings]), keys])  # later bindings win
        return self._run(app, drawn=guard.start)

    def _wait_for_a_key(self, text: str) -> None:
        """Show `text` on a line of its own until any key is pressed, then erase it."""
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import FormattedTextControl, Layout, Window

        keys = KeyBindings()
        keys.add("<any>")(lambda event: event.app.exit())
        line = Window(FormattedTextControl("  " + text, show_cursor=False), wrap_lines=True, dont_extend_height=True)
        self._run(Application(Layout(line), key_bindings=keys, erase_when_done=True, **self._kwargs()))

    def feedback(self, answer: Answer) -> None:
        """The feedback, then a wait for a key: the Enter a learner habitually presses after a letter (which alone
        answers) goes there, and the next question waits until the learner has read this one's explanation.

        Feedback too tall for the screen with its question (long quotes) has scrolled the verdict away by the time
        "Press Enter" shows: the verdict line is shown again just above it, as a compiler or test runner ends a
        long report with its outcome. A pager would take the keys, and the scrollback keeps everything anyway."""
        lines = feedback_lines(answer, echo=False, marks=True)  # questionary left the choice on screen
        rows = sum(self._echo(line, "  ") for line in lines)
        if self._asked_rows + rows + 1 > self._height():
            self._echo(lines[0], "  ")
        self._wait_for_a_key(NEXT[self._last])  # raises a Ctrl-C that came just after the answer, now it is kept

    def message(self, text: str) -> None:
        self._echo(text)

    def show_summary(self, summary: Summary, title: str = "Summary") -> None:
        self._echo()
        for line in summary_lines(summary, title, self.names):
            text = "".join(t for _, t in line)
            label = text.partition(": ")[0]
            # "By kind: ..." continues under its first item, not at the margin
            self._echo(line, hang=len(label) + 2 if label.startswith("By ") and " " not in label[3:] else 0)

    def offer_retry(self, count: int) -> bool:
        import questionary

        self._echo()
        question = f"Retry the {count} missed question{'s' * (count != 1)} now?"
        # No unless asked for: an Enter to finish must not start another round; the missed questions are due in
        # `quizgen review` anyway (every quiz answer reschedules its question)
        return bool(self._run(questionary.confirm(question, default=False, qmark="?", **self._kwargs()).application))


def _wrap_plain(text: str) -> str:
    """A --plain line wrapped at the terminal's width at word breaks, continued lines under its text (an option's
    text after its letter)."""
    import shutil

    width = max(MIN_WIDTH, shutil.get_terminal_size().columns - 1)  # the last column would make it wrap early
    if len(text) <= width:
        return text
    lead = len(text) - len(text.lstrip(" "))
    option = len(text) > lead + 2 and text[lead + 1 : lead + 3] == ") "
    indent = " " * (lead + (3 if option else 0))
    return _fill(text, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def _fill(text: str, width: int, **options: Any) -> str:
    """`textwrap.fill`, imported only here: the plain UI wraps only on a terminal, and starts sooner without it."""
    import textwrap

    return textwrap.fill(text, width, **options)


def _wrap_before(text: str, tail: str, width: int) -> str:
    """`text` wrapped so that `tail`, printed after it, is not broken across lines."""
    filler = "x" * len(tail)
    wrapped = _fill(f"{text} {filler}", width, subsequent_indent="  ")[: -len(filler)].rstrip(" ")
    return wrapped + " " if wrapped.endswith("\n") else wrapped  # tail on a line of its own, indented


def _rewrap(pieces: Line, wrapped: str) -> Line:
    """Carry the styles of `pieces` over to `wrapped`, their text as textwrap broke it into lines."""
    chars = [(style, ch) for style, text in pieces for ch in text]
    out: Line = []
    i = 0
    for ch in wrapped:
        if i < len(chars) and ch == chars[i][1]:
            style = chars[i][0]
            i += 1
        else:  # a line break or indent textwrap inserted; the space it replaced is skipped
            style = ""
            if ch == "\n" and i < len(chars) and chars[i][1] == " ":
                i += 1
        if out and out[-1][0] == style:
            out[-1] = (style, out[-1][1] + ch)
        else:
            out.append((style, ch))
    return out


def _exit_with(exception: type[BaseException]) -> Callable[[Any], None]:
    """A key handler that ends the prompt raising `exception` (KeyboardInterrupt: Ctrl-C; EndOfInput: Ctrl-D)."""

    def handler(event: Any) -> None:
        if not event.app.is_done:
            event.app.exit(exception=exception, style="class:aborting")

    return handler


class _TypedAhead:
    """Drops the keys typed before a prompt is drawn: those left unread by the prompt before (prompt_toolkit would
    pass them on) and those waiting at the terminal, read in raw mode just before the first drawing. A Ctrl-C among
    them, or one held since the last prompt, stops the prompt; a Ctrl-D ends the session; the terminal's replies to
    cursor-position requests go on to prompt_toolkit. Then `ready` is called, once the prompt is on screen."""

    def __init__(self, app: Any, ready: list[Callable[[], None]], interrupted: Callable[[], bool]):
        self.app = app
        self.ready = ready
        self.interrupted = interrupted
        self.early: list[Any] = []
        self.keys: list[Any] | None = None
        app.before_render += self._before
        app.after_render += self._after

    def left_over(self) -> None:
        from prompt_toolkit.input.typeahead import get_typeahead

        self.early = get_typeahead(self.app.input)

    def detach(self) -> None:
        self.app.before_render -= self._before
        self.app.after_render -= self._after

    def _before(self, _: Any) -> None:
        if self.keys is None:
            self.keys = [*self.early, *_pending_keys(self.app.input)]

    def _after(self, _: Any) -> None:
        from prompt_toolkit.keys import Keys

        if self.keys is None:
            return
        self.detach()
        if self.app.is_done:  # the input was closed at once
            return
        pressed = {k.key for k in self.keys}
        replies = [k for k in self.keys if k.key == Keys.CPRResponse]
        if replies:
            self.app.key_processor.feed_multiple(replies)
            self.app.key_processor.process_keys()
        if self.interrupted() or Keys.ControlC in pressed:
            self.app.exit(exception=KeyboardInterrupt, style="class:aborting")
        elif Keys.ControlD in pressed or self.app.input.closed:
            self.app.exit(exception=EndOfInput)
        else:
            for call in self.ready:
                call()


def _pending_keys(input: Any) -> list[Any]:
    """The keys already waiting on `input` (a prompt_toolkit input), read without waiting for more."""
    import select

    keys: list[Any] = []
    if sys.platform == "win32":  # select() takes sockets only there: nothing is dropped
        return keys
    try:
        fd = input.fileno()
    except NotImplementedError:  # an input without a file descriptor has nothing typed ahead
        return keys
    while not input.closed and select.select([fd], [], [], 0)[0]:
        keys += input.read_keys()
    return keys + input.flush_keys()


class _EnterGuard:
    """Wraps a question's Enter handler: an Enter within `wait` seconds of the question being drawn, before any
    other key, does nothing; each such Enter starts the wait again, so a held Enter answers nothing while held."""

    def __init__(self, timer: Callable[[], float], wait: float):
        self.timer = timer
        self.wait = wait
        self.since: float | None = None

    def start(self) -> None:
        self.since = self.timer()

    def __call__(self, answer: Callable[[Any], None]) -> Callable[[Any], None]:
        def handler(event: Any) -> None:
            now = self.timer()
            only_enters = all(k.key == "c-m" for k in event.previous_key_sequence)  # no other key yet
            if only_enters and self.since is not None and now - self.since < self.wait:
                self.since = now
                return
            answer(event)

        return handler


def _answer_keys(question: Question, control: Any, shown: Callable[[int], str], guard: _EnterGuard) -> Any:
    """The keys that answer: each option's letter and number (t and f too for true/false), and Enter (guarded).
    questionary's shortcuts only move the pointer; in a quiz one key press is the answer."""
    from prompt_toolkit.key_binding import KeyBindings

    keys = KeyBindings()
    keys.add("enter", eager=True)(guard(_answer_with(control, None, shown)))
    for i in range(len(question.options)):
        for key in (LETTERS[i], str(i + 1), *(("t", "f")[i : i + 1] if question.true_false else ())):
            keys.add(key, eager=True)(_answer_with(control, i, shown))
    return keys


def _answer_with(control: Any, index: int | None, shown: Callable[[int], str]) -> Callable[[Any], None]:
    """A key handler that answers with option `index` (None: the one under the pointer)."""

    def handler(event: Any) -> None:
        if index is not None:
            control.pointed_at = index
        choice = control.get_pointed_at()
        choice.title = shown(choice.value)
        control.is_answered = True
        event.app.exit(result=choice.value)

    return handler
