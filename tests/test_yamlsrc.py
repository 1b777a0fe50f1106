import math
from pathlib import Path

import pytest
import yaml
from conftest import yaml_says
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode

from quizgen.errors import Location
from quizgen.load import yamlsrc
from quizgen.load.yamlsrc import YamlSyntaxError, load_yaml

REPO = Path(__file__).resolve().parent.parent


def test_keeps_locations_of_keys_values_and_items():
    data = load_yaml("facts:\n  - id: a\n    when: 2018-01-04\n", "f.yaml")
    fact = data["facts"][0]
    assert data["facts"].item_locs[0].format() == "f.yaml:2:5"
    assert fact.key_locs["when"].format() == "f.yaml:3:5"
    assert fact.value_locs["when"].format() == "f.yaml:3:11"
    assert fact["when"] == "2018-01-04" and isinstance(fact["when"], str)  # dates stay text


def test_location_views_behave_as_read_only_mappings_and_sequences():
    data = load_yaml("b: [x, y]\na: {c: 1}\n", "f.yaml")
    assert list(data.key_locs) == ["b", "a"] and len(data.value_locs) == 2
    assert data.value_locs.get("nope", "default") == "default"
    assert data.value_locs["a"] == Location("f.yaml", 2, 4)
    assert data["b"].item_locs[-1] == Location("f.yaml", 1, 8)
    assert data["b"].item_locs[0:2] == [Location("f.yaml", 1, 5), Location("f.yaml", 1, 8)]
    with pytest.raises(KeyError):
        data.key_locs["nope"]


def test_an_alias_is_the_same_object_and_keeps_its_anchor_locations():
    data = load_yaml("x: &a {b: [1]}\ny: *a\n", "f.yaml")
    assert data["y"] is data["x"] and data["y"]["b"] is data["x"]["b"]
    assert data["y"].value_locs["b"] == Location("f.yaml", 1, 11)


def test_syntax_error_is_located():
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml("facts:\n  - id: a\n   bad: [\n", "f.yaml")
    assert err.value.location.path == "f.yaml" and err.value.location.line >= 2
    assert err.value.message.startswith("YAML syntax error")


def test_duplicate_key_is_an_error():
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml("a: 1\na: 2\n", "f.yaml")
    assert err.value.location.format() == "f.yaml:2:1"
    assert "duplicate key 'a'" in err.value.message


def test_unsafe_tags_are_refused():
    with pytest.raises(YamlSyntaxError):
        load_yaml("!!python/object/apply:os.system ['true']\n", "f.yaml")


def test_bad_bytes_are_a_located_error():
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml(b"a: \xff\xfe\n", "f.yaml")
    assert err.value.location.path == "f.yaml"


@pytest.mark.parametrize(
    ("text", "where", "ours"),
    [
        # PyYAML's constructors raised ValueError, KeyError or AttributeError on these, which escaped as tracebacks.
        # Where the message is PyYAML's own (None here), only the location is quizgen's to assert.
        ("a: !!seq abc", "f.yaml:1:4", None),
        ("!!map abc", "f.yaml:1:1", None),
        ("a: !!int x", "f.yaml:1:4", "could not read 'x' as the tag 'tag:yaml.org,2002:int'"),
        ("- !!float ''", "f.yaml:1:3", "could not read '' as the tag 'tag:yaml.org,2002:float'"),
        ("a: !!bool maybe", "f.yaml:1:4", "could not read 'maybe' as the tag 'tag:yaml.org,2002:bool'"),
        (
            "a: " + "1" * 5000,  # more digits than Python turns into an int
            "f.yaml:1:4",
            f"could not read '{'1' * 37}...' as the tag 'tag:yaml.org,2002:int'",
        ),
    ],
)
def test_documents_that_crashed_the_loader_are_located_errors(text, where, ours):
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml(text, "f.yaml")
    assert err.value.location.format() == where
    if ours is not None:
        assert err.value.message == f"YAML syntax error: {ours}"
    assert err.value.message.strip()


@pytest.mark.parametrize("text", ["[" * 30_000 + "]" * 30_000, "- " * 600 + "x", "{a: " * 3000 + "1" + "}" * 3000])
def test_nesting_too_deep_is_a_located_error_not_a_crash(text):
    # libyaml's composer recurses in C and overflowed the stack, killing the interpreter. quizgen refuses such a
    # document first; newer libyaml releases refuse some of them themselves, with their own words. Either way the
    # user gets an error that names the file, never a crash.
    with pytest.raises(YamlSyntaxError) as err:
        load_yaml(text, "f.yaml")
    assert err.value.location.path == "f.yaml"
    assert err.value.message.strip()


def test_nesting_as_deep_as_before_still_loads():
    # PyYAML's constructor reached Python's recursion limit at about 250 levels; the walk goes no less deep.
    value = load_yaml("[" * 250 + "]" * 250, "f.yaml")
    for _ in range(249):
        value = value[0]
    assert value == []


# --- the direct walk against PyYAML's own constructor ------------------------------------------------------------


class _RefDict(dict):
    pass


class _RefList(list):
    pass


class _Reference(yamlsrc._Base):
    """How quizgen loaded YAML before the direct walk: PyYAML's resolver and construct_object for every node."""

    def __init__(self, stream, path):
        super().__init__(stream)
        self.path = path

    def _child(self, node):
        if node.__class__ is ScalarNode and node.tag in yamlsrc._TEXT:
            return node.value
        return self.construct_object(node, deep=True)

    def _at(self, node):
        return Location(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def construct_ref_mapping(self, node):
        # The one intended difference: `!!map []` loaded as {} and `!!map [x]` crashed; both are refused now.
        if not isinstance(node, yaml.MappingNode):
            raise ValueError("not a mapping")
        self.flatten_mapping(node)
        result = _RefDict()
        result.loc, result.key_locs, result.value_locs = self._at(node), {}, {}
        for key_node, value_node in node.value:
            key = self._child(key_node)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                raise yamlsrc.DuplicateKey(None, None, f"duplicate key '{key}'", key_node.start_mark)
            result[key] = self._child(value_node)
            result.key_locs[key], result.value_locs[key] = self._at(key_node), self._at(value_node)
        return result

    def construct_ref_sequence(self, node):
        if not isinstance(node, yaml.SequenceNode):  # as for mappings: `!!seq {}` loaded as []
            raise ValueError("not a sequence")
        result = _RefList(self._child(child) for child in node.value)
        result.loc, result.item_locs = self._at(node), [self._at(child) for child in node.value]
        return result


_Reference.add_constructor(yamlsrc._MAP, _Reference.construct_ref_mapping)
_Reference.add_constructor(yamlsrc._SEQ, _Reference.construct_ref_sequence)
_Reference.add_constructor(yamlsrc._TIMESTAMP, _Reference.construct_yaml_str)


def _tree(value):
    """Everything a loaded value says, locations included, in a form that compares with ==."""
    if isinstance(value, dict) and hasattr(value, "loc"):
        items = [(k, value.key_locs[k], value.value_locs[k], _tree(v)) for k, v in value.items()]
        return ("map", value.loc, items)
    if isinstance(value, list) and hasattr(value, "loc"):
        return ("seq", value.loc, [(value.item_locs[i], _tree(v)) for i, v in enumerate(value)])
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def _outcome(text, fast_after=-1):
    # load_yaml as a large run uses it: the fast path first (fastyaml), PyYAML for what it declines.
    saved, yamlsrc.FAST_AFTER = yamlsrc.FAST_AFTER, fast_after
    try:
        return ("ok", _tree(load_yaml(text, "f.yaml")))
    except YamlSyntaxError as exc:
        return ("error", f"{exc.location.format()}: {exc.message}")
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        return ("crash", repr(exc))
    finally:
        yamlsrc.FAST_AFTER = saved


def _reference(text):
    saved = yamlsrc._Loader
    yamlsrc._Loader = _Reference
    try:
        return _outcome(text, fast_after=math.inf)
    finally:
        yamlsrc._Loader = saved


def _same_as_reference(text):
    expected, got = _reference(text), _outcome(text)
    if expected[0] == "crash":  # PyYAML's constructor raised something else: now a located error
        assert got[0] == "error" and got[1].startswith("f.yaml:"), (text, expected, got)
    else:
        assert got == expected, text
    return got[0]


def test_the_reference_sees_what_the_walk_would_miss():
    # Guards the comparison itself: a location one column off is a difference.
    assert _tree(load_yaml("a: 1", "f.yaml")) != _tree(load_yaml(" a: 1", "f.yaml"))
    assert _reference("a: 1") == _outcome("a: 1")


TRICKY = [
    "",
    "# only a comment\n",
    "---\n...\n",
    "a: 1\n---\nb: 2\n",
    "a: 0o17\nb: 0x1F\nc: 1_000\nd: 1:30\ne: .inf\nf: .NaN\ng: 1e3\nh: yes\ni: on\nj: ~\nk: 2018-01-04\nl: 2018-01\n",
    "a: ! 12\nb: ! '12'\nc: !!str 12\nd: !!int '12'\ne: !!null ''\nf: !!timestamp 2018-01-04\ng: '='\n",
    "1: a\n1.0: b\ntrue: c\n~: d\n2018-01-04: e\n",
    "true: a\nTrue: b\n",
    "null: a\n~: b\n",
    "? [a, b]\n: 1\n? {a: 1}\n: 2\n[c]: 3\n",
    "base: &b {x: 1, y: [1, 2]}\nd: {<<: *b, z: 2}\ne: {<<: [*b, {w: 0}], v: 1}\n",
    "- &m {a: 1, <<: {b: 2}}\n- {<<: *m, c: 3}\n",
    "d: {x: 1, <<: {x: 2}}\n",
    "d: {<<: 1}\n",
    "d: {<<: [1]}\n",
    "=: 1\n",
    "a: =\n",
    "a: <<\n",
    "x: &a {b: 1}\ny: *a\nz: [*a, *a]\n",
    "a: &x [*x]\n",
    "a: &x {b: *x}\n",
    "&r !!set {? *r}\n",
    "a: &a 1\nb: &a 2\nc: *a\n",
    "a: *nope\n",
    "!!set {a, b}\n",
    "!!omap [a: 1, b: {c: [2]}]\n",
    "!!pairs [a: 1, a: 2]\n",
    "a: !!binary aGVsbG8=\nb: [!!binary 'not base64!']\n",
    "!!str [a]\n",
    "!foo bar\n",
    "a: !!python/name:os.system\n",
    "%TAG !e! tag:yaml.org,2002:\n---\na: !e!int 3\nb: !e!str 4\n",
    "\ufeffa: 1\n",
    "a: 'x\n\n  y'\nb: >\n  folded\n  text\nc: |\n  kept\n  lines\n",
    "a:\n  - b\n  -\n  - c:\n    d: e\n",
    "\x07",
    "a: b\n\ta: c\n",
    "a: [1, 2\n",
    "- {a: 1, a: 2}\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_documents_load_as_before(text):
    _same_as_reference(text)


def test_bundled_and_fixture_yaml_load_as_before():
    paths = sorted((REPO / "decks").rglob("*.yaml")) + sorted((REPO / "seeds").glob("*.yaml"))
    assert len(paths) > 5
    for path in paths:
        assert _same_as_reference(path.read_bytes()) == "ok", path


_SCALARS = st.sampled_from(
    [
        *("x", "'x'", '"y z"', "''", "12", "012", "0o17", "0x1F", "0b101", "1_000", "1:30", "-1.5e+3", "1.0"),
        *(".inf", "-.Inf", ".nan", "true", "No", "on", "~", "null", "2018-01-04", "2018-01-04 10:00:00", "2018-13"),
        *("!!str 12", "!!int '12'", "!!int x", "!!float x", "!!bool maybe", "!!null x", "!!binary aGVsbG8=", "! 12"),
        *("!foo x", "!!timestamp 2018-01-04", "=", "<<", "'<<'", "!!merge x", "!!value x", "*a", "*b", "&a x", "&b 1"),
    ]
)
_PREFIXES = st.sampled_from(["", "", "", "", "", "", "&a ", "&b ", "!!seq ", "!!map ", "!!set ", "!!omap ", "!!str "])
_KEYS = st.one_of(_SCALARS, st.sampled_from(["a", "b", "a", "? c", "[k]", "{k: v}"]))


def _flow(children):
    def seq(prefix, items):
        return f"{prefix}[{', '.join(items)}]"

    def mapping(prefix, pairs):
        return prefix + "{" + ", ".join(f"{k}: {v}" if v is not None else k for k, v in pairs) + "}"

    return st.one_of(
        st.builds(seq, _PREFIXES, st.lists(children, max_size=4)),
        st.builds(mapping, _PREFIXES, st.lists(st.tuples(_KEYS, st.one_of(st.none(), children)), max_size=4)),
    )


_FLOW = st.recursive(_SCALARS, _flow, max_leaves=10)


@settings(max_examples=600, deadline=None)
@given(
    values=st.lists(st.tuples(_KEYS, _FLOW), min_size=1, max_size=4),
    block=st.sampled_from(["flow", "mapping", "sequence"]),
)
def test_generated_documents_load_as_with_pyyaml_constructor(values, block):
    if block == "flow":
        text = values[0][1]
    elif block == "mapping":
        text = "".join(f"{key}:\n  {value}\n" for key, value in values)
    else:
        text = "".join(f"- {value}\n" for _, value in values)
    _same_as_reference(text)


@pytest.mark.parametrize(
    ("text", "where", "ours"),
    [
        # not about a quote left open: located where the parser gave up, naming where the quoted text started
        (
            'a: "x \\q y"\n',
            "f.yaml:1:7",
            "found unknown escape character (in the quoted text that starts at line 1, column 4)",
        ),
        ("a: [x, y\nb: c\n", "f.yaml:2:2", "that starts at line 1, column 4, "),
        ("a: {x: 1\nb: c\n", "f.yaml:2:2", "that starts at line 1, column 4, "),
    ],
)
def test_a_syntax_error_names_where_what_was_being_read_started(text, where, ours):
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text, "f.yaml")
    assert caught.value.location.format() == where
    assert caught.value.message.startswith("YAML syntax error: ")
    assert ours in caught.value.message


UNCLOSED = [
    # libyaml notices a quote left open at the end of the file (its context mark is the quote), or, when another
    # quote closes it lines later, where the parser gives up after that one (its context mark is the start of the
    # fact's mapping): both were located there, not at the quote to fix.
    (
        'facts:\n  - id: a\n    when: "2025\n',
        "f.yaml:3:11",
        "the quoted text that starts here is never closed ({problem} at line 4, column 1)",
    ),
    (
        'facts:\n  - id: a\n    when: "2025\n    tags: [x]\n  - id: b\n    what: "something"\n',
        "f.yaml:3:11",
        "the quoted text that starts here may be unclosed: it runs on to line 6, column 11 "
        "(then: {problem} at line 6, column 12)",
    ),
    (
        "facts:\n  - id: a\n    when: '2025\n    tags: [x]\n  - id: b\n    what: 'something'\n",
        "f.yaml:3:11",
        "the quoted text that starts here may be unclosed: it runs on to line 6, column 11 "
        "(then: {problem} at line 6, column 12)",
    ),
    (
        'facts:\n  - source: {seed: s, quote: "In 2018\n    tags: [x]\n  - what: "x"\n',
        "f.yaml:2:30",
        "the quoted text that starts here may be unclosed: it runs on to line 4, column 11 "
        "(then: {problem} at line 4, column 12)",
    ),
    (
        'a: "x\n---\nb: c\n',
        "f.yaml:1:4",
        "the quoted text that starts here is never closed ({problem} at line 2, column 1)",
    ),
]


@pytest.mark.parametrize(("text", "where", "message"), UNCLOSED)
def test_an_unclosed_quote_is_located_at_the_quote(text, where, message):
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text, "f.yaml")
    expected = message.format(problem=yaml_says(text)[1])
    assert (caught.value.location.format(), caught.value.message) == (where, f"YAML syntax error: {expected}")


def test_quoted_text_over_several_lines_is_not_blamed_for_a_later_error():
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml('a: "long\n  text"\nb: [x\nc: d\n', "f.yaml")
    assert caught.value.location.format() == "f.yaml:4:2"
    assert "quoted" not in caught.value.message


def test_a_syntax_error_where_it_starts_names_no_other_place():
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml("facts:\n  - id: a\n    who: [x]\n\twhere: b\n", "f.yaml")
    assert "starts at" not in caught.value.message
