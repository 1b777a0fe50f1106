"""util/yamlprep.py: PyYAML's pattern of non-printable characters, compiled from a quicker equivalent."""

import re
import subprocess
import sys

from quizgen.util.yamlprep import EQUIVALENT, PATTERN


def test_the_equivalent_matches_exactly_the_characters_of_the_pattern():
    every = "".join(map(chr, range(0x110000)))
    slow = re.compile(PATTERN, re.DOTALL)  # DOTALL: another cache key (it means nothing in a class), so compiled here
    quick = re.compile(EQUIVALENT)
    assert [m.span() for m in quick.finditer(every)] == [m.span() for m in slow.finditer(every)]
    # C0 controls but tab, LF and CR; DEL; C1 controls but NEL; the surrogates; U+FFFE and U+FFFF
    assert len(quick.findall(every)) == 29 + 1 + 31 + 2048 + 2


def test_pyyaml_uses_the_quick_pattern_when_its_own_is_the_one_known():
    code = (
        "import quizgen.load.yamlsrc, yaml.reader\n"
        "from quizgen.util.yamlprep import PATTERN, EQUIVALENT\n"
        "found = yaml.reader.Reader.NON_PRINTABLE.pattern\n"
        "print(found == EQUIVALENT or found != PATTERN)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "True\n"


def test_a_non_printable_character_is_still_refused_where_pyyaml_refuses_it():
    import yaml

    for text, bad in (
        ("a: \x07\n", "\x07"),
        ("a: \ufffe\n", "\ufffe"),
        ("a: \u00a0b\U0001f600\n", None),
        ('a: "x\t\u00e9"\n', None),
    ):
        try:
            yaml.load(text, Loader=yaml.SafeLoader)  # the Python reader: the one that checks with the pattern
        except yaml.reader.ReaderError as exc:
            assert chr(exc.character) == bad
        else:
            assert bad is None
