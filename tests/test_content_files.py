"""A content folder is data handed to quizgen: its texts and decks must be regular files inside it, of bounded size.

Probes Y19 (a text linked to /etc/shadow printed by `coverage --uncited`), Y12 (a byte order mark shifting every
passage number), Y10 (a 30 MB explanation passing validate, then 187 s and 15 GB to print) and I16 (terminal
escape sequences in a text reaching the terminal raw).
"""

import os
import time

import pytest
from click.testing import CliRunner
from conftest import FACTS, TEXT_BODY, write_content

from quizgen.cli import main
from quizgen.load.schema import LONG_TEXT, SHORT_TEXT, TEXT_BYTES


def run(root, *args):
    result = CliRunner().invoke(main, ["--content", str(root), *args])
    return result.exit_code, result.output


def test_a_text_linked_outside_the_content_folder_is_refused_and_never_printed(tmp_path):
    root = write_content(tmp_path / "c")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN-abc123\n\nmore secrets\n")
    text = root / "seeds" / "test-2024.txt"
    text.unlink()
    text.symlink_to(secret)
    code, out = run(root, "validate")
    assert code == 1
    assert (
        f"seeds/test-2024.txt: cannot read seed: is a link to {secret}, outside the content folder; "
        "copy the file in instead"
    ) in out.splitlines()
    code, out = run(root, "coverage", "--uncited")
    assert "SECRET" not in out


def test_a_deck_file_linked_outside_is_refused_but_a_link_inside_the_folder_is_followed(tmp_path):
    root = write_content(tmp_path / "c")
    facts = root / "decks" / "d" / "facts.yaml"
    inside = root / "shared-facts.yaml"
    facts.rename(inside)
    facts.symlink_to(inside)
    assert run(root, "validate")[0] == 0
    outside = tmp_path / "facts.yaml"
    inside.rename(outside)
    facts.unlink()
    facts.symlink_to(outside)
    code, out = run(root, "validate")
    assert code == 1
    assert (
        f"decks/d/facts.yaml: cannot read: is a link to {outside}, outside the content folder; copy the file in instead"
    ) in out.splitlines()


def test_a_loop_of_symbolic_links_is_a_one_line_error_not_a_traceback(tmp_path):
    root = write_content(tmp_path / "c")
    text = root / "seeds" / "test-2024.txt"
    text.unlink()
    other = root / "seeds" / "other.txt"
    text.symlink_to(other)
    other.symlink_to(text)
    code, out = run(root, "validate")
    assert code == 1
    assert "seeds/test-2024.txt: cannot read seed: is a loop of symbolic links" in out.splitlines()
    assert "Traceback" not in out


def test_a_fifo_in_place_of_a_text_is_refused_without_waiting(tmp_path):
    root = write_content(tmp_path / "c")
    text = root / "seeds" / "test-2024.txt"
    text.unlink()
    os.mkfifo(text)
    started = time.monotonic()
    code, out = run(root, "validate")
    assert time.monotonic() - started < 10
    assert code == 1 and "seeds/test-2024.txt: cannot read seed: is not a regular file" in out.splitlines()


def test_a_byte_order_mark_is_not_a_passage(tmp_path):
    """Probe Y12: a text starting with blank lines and a BOM got a passage p1 holding only the BOM."""
    plain, marked = write_content(tmp_path / "plain"), write_content(tmp_path / "bom")
    (plain / "seeds" / "test-2024.txt").write_text("\n\n" + TEXT_BODY, encoding="utf-8")
    (marked / "seeds" / "test-2024.txt").write_text("\ufeff\n\n" + TEXT_BODY, encoding="utf-8")
    assert (
        run(marked, "validate")
        == run(plain, "validate")
        == (
            0,
            "13 facts, 27 questions; 0 errors, 0 warnings, 0 recorded disagreements\n",
        )
    )
    assert run(marked, "coverage", "--uncited") == run(plain, "coverage", "--uncited")
    assert run(marked, "export")[1] == run(plain, "export")[1]  # the same "para. N" in every citation


def test_a_text_larger_than_the_limit_is_refused_before_it_is_read(tmp_path):
    root = write_content(tmp_path / "c")
    text = root / "seeds" / "test-2024.txt"
    with open(text, "a", encoding="utf-8") as stream:
        stream.write("\n\n" + "x" * TEXT_BYTES)
    size = text.stat().st_size
    code, out = run(root, "validate")
    assert code == 1
    assert (
        f"seeds/test-2024.txt: cannot read seed: is {size:,} bytes; the limit is 1,000,000 (see decks/README.md)"
    ) in out.splitlines()


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("explanation: The summit took place in June 2020.", f"explanation: {'x' * (LONG_TEXT + 1)}", "21:18",
         "'explanation' is 2,001 characters long; the limit is 2,000"),
        ("    what: the summit in Capital City that ended without agreement", f"    what: {'w' * (SHORT_TEXT + 1)}",
         "18:11", "'what' is 301 characters long; the limit is 300"),
        ("    tags: [diplomacy]\n    explanation: The summit", f"    tags: [{'t' * 400}]\n    explanation: The summit",
         "20:12", "an item of 'tags' is 400 characters long; the limit is 300"),
        ("  - id: smith\n", f"  - id: smith\n    note: {'n' * 2500}\n", "24:11",
         "'note' is 2,500 characters long; the limit is 2,000"),
    ],
)  # fmt: skip
def test_every_text_field_has_a_length_limit(tmp_path, old, new, where, message):
    assert old in FACTS
    root = write_content(tmp_path, FACTS.replace(old, new, 1))
    code, out = run(root, "validate")
    assert code == 1
    assert f"decks/d/facts.yaml:{where}: {message} (see decks/README.md)" in out.splitlines(), out


def test_a_30_mb_explanation_fails_validate_fast(tmp_path):
    """Probe Y10: it passed validate, then print --explanations took 187 s and 15 GB."""
    root = write_content(tmp_path, FACTS.replace("The summit took place in June 2020.", "x" * 30_000_000, 1))
    started = time.monotonic()
    code, out = run(root, "validate")
    assert code == 1 and "'explanation' is 30,000,000 characters long; the limit is 2,000" in out
    assert time.monotonic() - started < 30  # about 1 s on the development machine; no question is ever made


def test_control_characters_in_a_text_are_shown_escaped_by_coverage(tmp_path):
    """Probe I16: `ESC]0;...BEL` retitled the window, `ESC[2J` cleared it."""
    root = write_content(tmp_path)
    text = root / "seeds" / "test-2024.txt"
    text.write_text(
        TEXT_BODY + "\n\x1b]0;PWNED-TITLE\x07 \x1b[2J\x1b[31mRED \x1b[8mhidden\x1b[0m \x9b31m\n", encoding="utf-8"
    )
    code, out = run(root, "coverage", "--uncited")
    assert code == 0
    assert "    p11   \\x1b]0;PWNED-TITLE\\x07 \\x1b[2J\\x1b[31mRED \\x1b[8mhidden\\x1b[0m \\x9b31m" in out.splitlines()
    assert not any(ch in out for ch in "\x1b\x07\x9b")
