import math
import subprocess
import sys
from pathlib import Path

import pytest
import ryml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.load import fastyaml, yamlsrc
from quizgen.load.yamlsrc import LocatedDict, LocatedList, load_yaml

REPO = Path(__file__).resolve().parent.parent


def _fast(text):
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    return fastyaml.load(raw, "f.yaml", LocatedDict, LocatedList)


def _tree(value):
    """The value with its types and every location, comparable with ==."""
    if isinstance(value, dict):
        items = [(k, value.key_locs[k], value.value_locs[k], _tree(v)) for k, v in value.items()]
        return ("map", value.loc, items)
    if isinstance(value, list):
        return ("seq", value.loc, [(value.item_locs[i], _tree(v)) for i, v in enumerate(value)])
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def _pyyaml(text):
    return _tree(yamlsrc._load_with_pyyaml(text, "f.yaml"))


def _same_or_declined(text):
    """The fast path gives what PyYAML gives (types, key order, every location), or declines."""
    got = _fast(text)
    if got is fastyaml.DECLINED:
        return False
    assert _tree(got) == _pyyaml(text), text
    return True


def test_bundled_files_take_the_fast_path_with_pyyaml_values_and_locations():
    paths = sorted((REPO / "decks").rglob("*.yaml")) + sorted((REPO / "seeds").glob("*.yaml"))
    assert len(paths) > 5
    for path in paths:
        raw = path.read_bytes()
        assert _same_or_declined(raw), path  # none declined: the bundled deck is what the fast path is for
        assert _fast(raw)._path.fallback is None  # every location worked out from ryml's tree


def test_synthetic_copies_take_the_fast_path(tmp_path):
    # benchmarks/synth.py writes its copies with PyYAML's dumper: other quoting and wrapping than the bundled files.
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"), "2", str(tmp_path / "x2")], check=True)
    paths = sorted((tmp_path / "x2").rglob("*.yaml"))
    assert len(paths) > 10
    for path in paths:
        assert _same_or_declined(path.read_bytes()), path
    # The dumped deck copies are block YAML only: ryml's acceptance stands for libyaml's (no second pass).
    copies = [path for path in paths if path.parent.name == "us-pakistan-india" and "-c" in path.stem]
    assert copies and not any(fastyaml._needs_libyaml(path.read_bytes()) for path in copies)


ACCEPTED = [
    "a: >\n  folded\n  text\n\n  para\nb: >-\n  x\nc: >+\n  y\n\nd: |\n  kept\n   lines\ne: |-\n  z\nf: |+\n  w\n\n",
    "a: plain text\n  over lines\n\n  and a paragraph\nb: 'single\n  quoted ''x'''\nc: \"double\n  \\\"q\\\" \\u00e9\"\n",
    'a: "tab\\tnew\\nline \\x41 \\\\ \\/"\nb: "\\u263A \\U0001F600"\n',
    "a: “curly” é ñ 中文 😀\nb: [ü, 'ö']\nc: {ä: x}\n",
    "a:\nb: ''\nc: \"\"\nd: null\ne: '~'\n",
    "a: 1\nb: -2\nc: 1.5\nd: -0.5\ne: 1e3\nf: 1.5e+3\ng: '1'\nh: \"2.5\"\ni: 0\nj: 2018\nk: '2018'\n",
    "a: 2018-01-04\nb: 2018-01\nc: '2018-01-04'\nd: 2018-01-04 10:00:00\n",
    "a: true\nb: false\nc: 'yes'\nd: \"no\"\ne: |\n  yes we do\n",
    "# comment\na: x # trailing\nb: 'y' # after a quote\n# end\n",
    "a: [x, 'y', \"z\", 1, 1.5, true, null]\nb: {c: 1, d: [e, {f: g}]}\nc: []\nd: {}\n",
    "a: " + "long " * 2000 + "\n",
    "- a\n- - b\n  - c\n- d: e\n  f: g\n-\n- ''\n",
    "a:\n- x\n- y\nb:\n  - z\n",
    "1: a\n2.5: b\nx: 1\nTrue: c\n",
    "a: " + "[" * 40 + "]" * 40 + "\n",
    "a: b:c\nd: e#f\ng: -h\ni: :j\n",
    "a: Malik & Aquil\nb: R&D, 5*3 = 15!\nc: why?\nd: 100%\n",
    "# see *this* & that, !x\na: x # *y ? z\nb: |\n  # &t\n",  # anchor-like marks in comments
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_tricky_documents_load_as_pyyaml_loads_them(text):
    assert _same_or_declined(text), text


DECLINED = [
    "a: &x 1\nb: *x\n",  # anchors and aliases
    "a: !!str 1\n",  # tags
    "a: ! x\n",
    "base: {x: 1}\nm:\n  <<: {y: 2}\n",  # a merge key
    "=: 1\n",
    "a: 1\n---\nb: 2\n",  # a second document
    "--- a\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 1\r\nb: 2\r\n",  # CRLF
    "\ufeffa: 1\n",  # BOM
    "a: b\n\tc: d\n",  # a tab
    "a: x\u2028y\n",  # LS: a line break to YAML 1.1
    "a: x\x85y\n",
    "a: yes\n",  # plain texts PyYAML reads as something else than JSON says
    "a: ~\n",
    "a: 0x1F\n",
    "a: 1_000\n",
    "a: .inf\n",
    "a: 017\n",
    "a: .5e3\n",
    "yes: x\n",  # a key PyYAML writes back as "True"
    "true: x\n",
    "a: say *this* now\n",  # prose that could be an alias: left to PyYAML
    "a: 1\na: 2\n",  # duplicate key: PyYAML's error
    "a: [1, 2\n",  # syntax error: PyYAML's message
    "a: b: c\n",
    "? [a]\n: 1\n",
    "a: " + "[" * 70 + "]" * 70 + "\n",  # deeper than ryml writes out
    "plain\n",
    "",
    "# nothing\n",
    b"a: \xff\n",
]


@pytest.mark.parametrize("text", DECLINED)
def test_what_the_fast_path_cannot_vouch_for_is_declined(text):
    assert _fast(text) is fastyaml.DECLINED


LENIENT = [
    "a: @x\n",
    "a: `x`\n",
    "- a\n- ]b\n",
    "a:\n  }b\n",
    "a: [b, @c]\n",
    "a: {b: c #d}\n",
    "k" * 1100 + ": x\n",  # a key too long for libyaml
    "k" + " " * 1100 + ": x\n",
    "a: & x\n",
    "k:\n  a:\n  - p\n # c\n    b: y\n",  # ryml 0.15 reads a key "  b"
    "k:\n  a:\n  - p\n # c\n    'b': y\n",
]


@pytest.mark.parametrize("text", LENIENT)
def test_what_ryml_takes_and_libyaml_refuses_keeps_pyyaml_s_error(text, monkeypatch):
    # Each is libyaml-invalid text that rapidyaml 0.15 accepts; whether a later rapidyaml release still does is
    # rapidyaml's business, so it is not asserted here. What is quizgen's: the fast path declines it either way.
    assert _fast(text) is fastyaml.DECLINED
    monkeypatch.setattr(yamlsrc, "FAST_AFTER", -1)
    with pytest.raises(yamlsrc.YamlSyntaxError) as fast:
        load_yaml(text.encode(), "f.yaml")
    with pytest.raises(yamlsrc.YamlSyntaxError) as slow:
        yamlsrc._load_with_pyyaml(text.encode(), "f.yaml")
    assert (fast.value.location, fast.value.message) == (slow.value.location, slow.value.message)


WITHOUT_LIBYAML = [
    "a: 'x\n  unreliable:\n  [when] y'\n",  # a quoted text going on over lines: no token starts there
    "a: b\n  ]c\n  @d\n",
    "- 'it''s\n  a -\n  `x` |\n  >y'\n",
    'a: "p\n  q -\n  {q}"\nb:\n- c\n  [d]\n',
    "# *note* &x !y\na: 1\n",
]


@pytest.mark.parametrize("text", WITHOUT_LIBYAML)
def test_block_yaml_loads_without_libyaml_s_pass_as_pyyaml_loads_it(text, monkeypatch):
    monkeypatch.setattr(fastyaml, "_syntax_ok", lambda raw: pytest.fail("libyaml's pass was run"))
    assert _same_or_declined(text)


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  [b]\n",  # a value's first line: a flow sequence
        "a: b\n[c]: d\n",
        "a: 'b'\n  [c]\n",  # the quote may close on the line before
        "a: b # c\n  [d]\n",
        "- a: b\n  [c]\n",  # where the mapping's next key would stand
        "a: b\n  c\n |\n",
        'a: "\\q"\n',
        "a: > \n  b\n",
    ],
)
def test_where_a_token_may_start_with_a_hazard_libyaml_checks(text):
    assert fastyaml._needs_libyaml(text.encode())


def test_a_plain_text_is_declined_only_where_it_stands_plain():
    assert _same_or_declined("a: 'yes'\nb: \"~\"\nc: '0x1F'\n")  # quoted only: loads
    assert not _same_or_declined("a: 'yes'\nb: [yes]\n")  # the same text plain elsewhere: declined


def test_ryml_refusing_a_file_prints_nothing(capfd):
    # libyaml accepts this (a plain multi-line key in flow); ryml's own report on its refusal must not leak out
    assert _fast("a: b: c\n") is fastyaml.DECLINED
    assert fastyaml._json(b"a: b: c\n") is None
    assert capfd.readouterr().err == ""


def test_locations_not_plain_from_the_tree_come_from_pyyaml():
    text = "a: []\nb:\n  - {}\n  -\n  - |\n    x\n"
    got = _fast(text)
    assert _tree(got) == _pyyaml(text)
    assert got._path.fallback is not None


def test_a_sequence_after_a_comment_ending_in_a_dash_is_located_by_pyyaml():
    text = "-   # see -\n  - x\n"  # the `-` found going back from `x` is the comment's
    got = _fast(text)
    assert _tree(got) == _pyyaml(text)
    assert got._path.fallback is not None


def test_locations_asked_in_any_order_and_from_the_end_are_pyyaml_s():
    # Lines are counted from the place asked before: backwards too. Indexes from the end take the long way.
    text = "a:\n  - x\n  - 'é y'\n  - {k: v}\nb: [1, 2]\nc: |\n  block\nd:\n"
    got, want = _fast(text), yamlsrc._load_with_pyyaml(text, "f.yaml")
    asked = [("d", None), ("a", 2), ("b", 1), ("a", 0), ("c", None), ("a", -1), ("a", 1), ("b", -2)]
    for key, index in asked:
        if index is None:
            assert got.value_locs[key] == want.value_locs[key], key
        else:
            assert got[key].item_locs[index] == want[key].item_locs[index], (key, index)
    with pytest.raises(IndexError):
        got["a"].item_locs[3]
    with pytest.raises(KeyError):
        got.value_locs["e"]


def test_without_rapidyaml_pyyaml_loads_everything(monkeypatch):
    monkeypatch.setitem(sys.modules, "ryml", None)  # `import ryml` raises ImportError, as with no wheel
    monkeypatch.setattr(yamlsrc, "_fast_path", None)
    monkeypatch.setattr(yamlsrc, "FAST_AFTER", -1)
    value = load_yaml(b"a: [1, x]\n", "f.yaml")
    assert value == {"a": [1, "x"]} and value["a"].item_locs[1].format() == "f.yaml:1:8"
    assert yamlsrc._fast_path is False


def test_small_runs_do_not_import_rapidyaml():
    code = "import sys; from quizgen.load.yamlsrc import load_yaml; load_yaml(b'a: 1\\n', 'f'); print('ryml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "False"


_WORDS = st.sampled_from(
    ["x", "a b", "yes", "No", "~", "null", "12", "1.5", "-3", "0x1F", "2018-01-04", "é", "“q”", "", "1e3", "true"]
)
_SCALAR = st.one_of(
    _WORDS,
    _WORDS.map(lambda w: f"'{w}'"),
    _WORDS.map(lambda w: f'"{w}"'),
)


@settings(max_examples=300, deadline=None)
@given(
    entries=st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", "12", "yes", "'k'"]), st.lists(_SCALAR, max_size=3), _SCALAR),
        min_size=1,
        max_size=5,
    ),
    style=st.sampled_from(["block", "flow", "nested"]),
)
def test_generated_documents_load_as_pyyaml_loads_them_or_are_declined(entries, style):
    lines = []
    for key, items, scalar in entries:
        if style == "block":
            lines.append(f"{key}: {scalar}")
        elif style == "flow":
            lines.append(f"{key}: [{', '.join(items)}]")
        else:
            lines.append(f"{key}:\n" + "".join(f"  - {item}\n" for item in items) + f"  - k: {scalar}")
    text = "\n".join(lines) + "\n"
    _loads_as_pyyaml_or_is_declined(text)


def _loads_as_pyyaml_or_is_declined(text):
    """The fast path gives what PyYAML gives, or declines; where PyYAML refuses the text, it declines."""
    try:
        expected = _pyyaml(text)
    except yamlsrc.YamlSyntaxError:
        assert _fast(text) is fastyaml.DECLINED
        return
    got = _fast(text)
    assert got is fastyaml.DECLINED or _tree(got) == expected


_DECK = (REPO / "decks" / "us-pakistan-india" / "haq-2025.yaml").read_bytes()
_PIECES = [b" ", b":", b"-", b"'", b'"', b"\n", b"[", b"]", b"{", b"}", b"#", b"|", b">", b",", b"\n  ", b": ", b"a"]


@settings(max_examples=150, deadline=None)
@given(
    start=st.integers(0, len(_DECK) - 1),
    edits=st.lists(
        st.tuples(st.integers(0, 2999), st.sampled_from(["insert", "delete", "replace"]), st.sampled_from(_PIECES)),
        min_size=1,
        max_size=3,
    ),
)
def test_a_deck_file_with_a_few_bytes_changed_loads_as_pyyaml_loads_it_or_is_declined(start, edits):
    # A window of the bundled deck starting at a fact, edited: most edits break it somewhere. ryml accepts some of
    # what libyaml refuses (about 1 in 150 such edits in a run of 1,500): those must be declined, PyYAML's error kept.
    at = _DECK.rfind(b"\n  - id:", 0, start)
    text = b"facts:" + _DECK[at : at + 3000].rsplit(b"\n", 1)[0] + b"\n" if at > 0 else _DECK[:3000]
    for where, how, piece in edits:
        where %= len(text)
        if how == "insert":
            text = text[:where] + piece + text[where:]
        else:
            text = text[:where] + (piece if how == "replace" else b"") + text[where + 1 :]
    _loads_as_pyyaml_or_is_declined(text)


def test_json_that_does_not_fit_the_first_buffer_is_written_again_whole(monkeypatch):
    text = b"a: [" + b", ".join(b"'x'" for _ in range(200)) + b"]\n"
    tree = ryml.parse_in_arena(text)
    monkeypatch.setattr(fastyaml, "_OUT", bytearray())  # the buffer kept from other files would fit it
    assert fastyaml._emitted(ryml, tree, 8) == fastyaml._emitted(ryml, tree, 100_000)
    assert _same_or_declined(text)
