"""What `quizgen export` writes: the bank, a filtered part of it, or the test `quizgen print` makes, in one format.

>>> exported = export(bank, "qti", Filters(kinds=("event",)), n=20, seed=3)
>>> write_bytes(Path(exported.target("build/")), exported.data)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...bank.select import Filters
from ...errors import ArgumentError
from ...model.models import Bank, Question
from ...util.atomic import into_folder
from . import EXPORTERS, render


@dataclass(frozen=True)
class Exported:
    """Questions rendered in one format, with where they go by default."""

    fmt: str
    questions: Sequence[Question]
    data: bytes
    name: str
    """The default file name, `<deck><suffix>`."""
    shortfall: str | None = None
    """Why there are fewer than the n asked for (see select.shortfall), or None."""

    @property
    def binary(self) -> bool:
        return EXPORTERS[self.fmt][3]

    def target(self, output: str | None = None) -> str:
        """Where to write: `output` ("-" is standard output; a folder gets `name`), else build/<name> for a binary
        format and standard output for text."""
        output = into_folder(output or (f"build/{self.name}" if self.binary else "-"), self.name)
        if output == "-" and self.binary:
            raise ArgumentError("output", "{fmt:{value}} is binary; give a file with {output}", value=self.fmt)
        return output


def export(
    bank: Bank,
    fmt: str,
    filters: Filters,
    n: int | None = None,
    seed: int = 0,
    *,
    title: str | None = None,
    arrange: Callable[[list[Question]], list[Question]] | None = None,
) -> Exported:
    """Every matching question in deck order, or (with `n`) the test `quizgen print` makes with the same n, seed and
    filters, in its order; rendered in `fmt`.

    With `n`, the bank may come with its options unarranged (`Content.bank(arrange=False)`) and `arrange` ordering
    those of the questions chosen as `Content.bank(seed=seed)` would (`Content.arranged`): which questions a test
    holds does not depend on option order, so a test of 20 need not arrange the whole bank first.
    """
    from ..printing.sheet import as_printed, choose, lay_out, short_of

    if n is not None and arrange is not None:
        questions: Sequence[Question] = lay_out(arrange(choose(bank, filters, n, seed)), 1, seed)[0].questions
    elif n is not None:
        questions = as_printed(bank, filters, n, seed)
    else:
        questions = choose(bank, filters, None, seed)
    short = short_of(bank, filters, questions, n, seed) if n is not None else None
    data = render(fmt, bank, questions, title=title)
    return Exported(fmt, questions, data, f"{bank.deck.slug}{EXPORTERS[fmt][2]}", short)
