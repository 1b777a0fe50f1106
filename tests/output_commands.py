"""The commands that write a file of the bank's questions, shared by the suites that run each of them onto `-o`:
test_output_targets (devices, FIFOs, links) and test_faults (a full disk, Ctrl-C, a refused write). A new output
format goes here once and both suites cover it (test_faults' test_every_output_format_is_listed fails until it is)."""

from __future__ import annotations

OUTPUTS = [
    (["export", "--format", "json"], "bank.json"),
    (["export", "--format", "gift"], "bank.gift.txt"),
    (["export", "--format", "moodle-xml"], "bank.xml"),
    (["export", "--format", "qti"], "bank.qti.zip"),
    (["export", "--format", "csv"], "bank.csv"),
    (["export", "--format", "xlsx"], "bank.xlsx"),
    (["anki"], "deck.apkg"),
    # without the answer sheets, whose manifest goes next to the test and so needs a file or folder there
    (["print", "-n", "5", "--format", "pdf", "--no-sheet"], "test.pdf"),
    (["print", "-n", "5", "--format", "docx"], "test.docx"),
    (["print", "-n", "5", "--format", "html"], "test.html"),
    (["print", "-n", "5", "--format", "md"], "test.md"),
]
"""(argv after the content option, output file name)."""
IDS = [" ".join(argv) for argv, _ in OUTPUTS]

WITH_SHEETS = (["print", "-n", "5", "--format", "pdf"], "test.pdf")
"""The PDF with its answer sheets: two files (the test and its manifest), where an output target can be a file."""


def some(*names: str) -> list[tuple[list[str], str]]:
    """The entries of OUTPUTS that write these file names, for a test that needs only a few of them."""
    found = [entry for entry in OUTPUTS if entry[1] in names]
    assert len(found) == len(names), names
    return found


def ids(entries: list[tuple[list[str], str]]) -> list[str]:
    return [" ".join(argv) for argv, _ in entries]
