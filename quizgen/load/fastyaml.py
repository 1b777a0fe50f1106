"""A faster way through the common deck file, with exactly the values PyYAML's safe loading gives, or none at all.

PyYAML makes a Python node (and two marks) for every scalar before quizgen sees a value: most of a cold load's YAML
time. Here rapidyaml (`ryml`, C++) parses the file and writes it out as JSON, which `json` reads back in C; Python
touches only the mappings (one call each) and walks the result once to number its containers. What JSON cannot say
is settled on the way, and whatever this path cannot vouch for it declines (`load` returns DECLINED), so load_yaml
falls back to PyYAML, which gives the values, errors and messages as before:

- libyaml itself (PyYAML's C parser, without making Python objects) must accept the file: ryml accepts some text
  PyYAML refuses, and every error keeps PyYAML's message and place;
- nothing YAML 1.1 reads differently from ryml's YAML 1.2, and nothing JSON drops: no anchor, alias, tag or
  directive, no second document, no tab, CR, BOM, NEL/LS/PS line break or control character;
- plain (unquoted) scalars resolve as PyYAML's SafeLoader resolves them. ryml writes a plain scalar unquoted when
  it reads as a JSON number, true, false or null, so a JSON number is resolved again from its text; a quoted JSON
  string that PyYAML would read as something else if it were plain (`yes`, `~`, `0x1F`) is declined unless the file
  has no plain scalar with that text; a key whose text PyYAML would turn into another one (`yes` -> "True") too;
- a duplicate key is declined (JSON keeps one: fewer nodes than ryml's; PyYAML's error names it).

Locations stay lazy: a container keeps ryml's node number, and a Location is worked out, on request, from where
ryml's scalar lies in the file (the node numbers are the containers' order in the file). Where that is not plainly
PyYAML's mark (an empty collection, a block scalar in a sequence), the file is loaded once more with PyYAML and the
same container found there.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from ..errors import Location

DECLINED: Any = object()
"""What `load` returns for a file it leaves to PyYAML."""

_UNSAFE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""Any character but LF, printable ASCII and printable non-ASCII text: tabs, CR, NEL, LS, PS (line breaks to YAML
1.1, not to ryml), BOM, controls, lone surrogates, U+FFFE/FFFF."""

_TAG = "tag:yaml.org,2002:"
_TEXT_TAGS = frozenset((_TAG + "str", _TAG + "timestamp"))
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
"""The text of a JSON number: as a JSON string it came from a quoted or block scalar (ryml writes a plain one
unquoted), so it is text whatever it looks like."""


class _Decline(Exception):
    """Raised inside the JSON reading when the file must go to PyYAML."""


def _resolved(text: str) -> Any:
    """What PyYAML's SafeLoader makes of `text` as a plain scalar (timestamps stay text, as in yamlsrc)."""
    tag = _tag(text)
    if tag in _TEXT_TAGS:
        return text
    construct = _CONSTRUCTOR.yaml_constructors.get(tag)
    if construct is None:  # merge `<<` or value `=`: PyYAML's own path handles or refuses them
        raise _Decline
    return construct(_CONSTRUCTOR, ScalarNode(tag, text))


def _number(text: str) -> Any:
    """A JSON number token: ryml wrote a plain scalar, its text (but `.5` as `0.5`, `1.` as `1.0`) resolved by PyYAML.
    A float that PyYAML keeps as text is declined, since its text may not be what the file says."""
    value = _resolved(text)
    if isinstance(value, str) and "." in text:
        raise _Decline
    return value


def _no_constant(text: str) -> Any:
    raise _Decline  # NaN, Infinity: never in ryml's JSON for a plain YAML scalar PyYAML reads the same way


def _plain_in(text: str, source: str) -> bool:
    """Whether `text` may stand in the file as a whole plain scalar (generous: a false yes only costs speed)."""
    return re.search(r"(?:^|[\s\[{,?:])" + re.escape(text) + r"[ ]*(?:$|[#,\]}:])", source, re.MULTILINE) is not None


_SAFE_ASCII = bytes([10, *range(0x20, 0x7F)])
_NOT_ASCII = bytes(range(0x80, 0x100))


def _unsafe(raw: bytes) -> bool:
    """Whether the (UTF-8) text holds a character _UNSAFE names. Fast: bytes.translate drops the safe ASCII, and
    what is left is either unsafe ASCII or whole UTF-8 sequences (the text decoded), which are few."""
    rest = raw.translate(None, _SAFE_ASCII)
    if not rest:
        return False
    if rest.translate(None, _NOT_ASCII):
        return True  # ASCII among what was left: a control character, tab or CR
    try:
        return _UNSAFE.search(rest.decode("utf-8")) is not None
    except UnicodeDecodeError:  # not UTF-8: PyYAML's message says where
        return True


_LINE_MARKS = re.compile(rb"\n(?:---|\.\.\.|%)")
"""A line starting a document marker or a directive (one search: three `in` tests cost three times as much)."""


def _structure(raw: bytes) -> bool:
    """Whether an anchor, alias, tag, explicit key (`? `), directive or document marker may be in the file: one of
    `&*!?` where a node can start (after a space, a line start or a flow indicator) and not in a comment, or a line
    starting `---`, `...` or `%`. Prose matches too at times (`say *this*`): that file just goes to PyYAML."""
    if raw.startswith((b"---", b"...", b"%")) or _LINE_MARKS.search(raw):
        return True
    for mark in b"&*!?":
        at = raw.find(mark)
        while at >= 0:
            if at == 0 or raw[at - 1] in b" \n[{,":
                spaced = raw[at + 1 : at + 2] in (b"", b" ", b"\n")
                if (mark == ord("!") or (spaced if mark == ord("?") else not spaced)) and not _commented(raw, at):
                    return True
            at = raw.find(mark, at + 1)
    return False


def _commented(raw: bytes, at: int) -> bool:
    """Whether `at` surely starts no node: its line has a `#` before it, at the line's start or after a space, and no
    quote. That `#` starts a comment, or it is text in a scalar still open there (quoted from a line before, or a
    block scalar), and so is the character at `at`."""
    before = raw[raw.rfind(b"\n", 0, at) + 1 : at]
    return (before.lstrip(b" ")[:1] == b"#" or b" #" in before) and b"'" not in before and b'"' not in before


_BLOCK_HAZARDS = b"[]{}@`%|>&*"
"""What may start a token where ryml and libyaml part: ryml reads `@x`, `` `x ``, `]x`, `}x` and `& x` as plain
text where libyaml refuses them (found by fuzzing; `&x`, `*x` and `!` _structure declines); flow collections (`[`,
`{`) and block scalars (`|`, `>`) have rules of their own (comments, indentation, headers) that libyaml is left to
check; `%x` ryml refuses too (kept for safety)."""
_AFTER = b":-?"
"""What may stand before a token start on its line, past spaces (generous: `a:]` counts)."""
_NOT_INSIDE = b":-'\"]}|>"
"""Last characters of a line after which the next line may start a token (a value, a quote closed)."""
_LONG_KEY = 400
"""Longest key text taken without libyaml: it refuses a key whose text and the spaces before its `:` pass 1024
characters (ryml takes any). A key of 400 characters is at most 802 in the file (a single-quoted one doubles `'`)."""
_KEY_SPACES = b" " * 200 + b":"
"""Spaces before a `:` that could, with a key of _LONG_KEY characters, pass libyaml's 1024."""


def _needs_libyaml(raw: bytes) -> bool:
    """Whether ryml accepting the file may not mean that libyaml accepts it: the file holds, where a token may start,
    a character of _BLOCK_HAZARDS, or a backslash anywhere (libyaml refuses an unknown escape in double quotes, and
    has its own rules for `\\x`, `\\u`), or a run of spaces before a `:` (a key too long for libyaml).

    Outside these, and with what load declines anyway (anchors, tags, documents, tabs, controls), a file is block
    mappings and sequences of plain and quoted scalars and comments, where libyaml and ryml refuse the same files
    (the indentation, `: ` and `- ` in the wrong place, unclosed quotes, keys over lines: tests/test_fastyaml.py).
    A long key is declined by _Plain. A generous yes only costs libyaml's pass."""
    if b"\\" in raw or _KEY_SPACES in raw:
        return True
    line_starts = 0
    for mark in _BLOCK_HAZARDS:
        at = raw.find(mark)
        while at >= 0:
            before = at - 1
            while before >= 0 and raw[before] == 32:
                before -= 1
            if before < 0 or raw[before] in _AFTER:
                return True
            if raw[before] == 10:
                line_starts += 1  # each looks back over up to _LINES_BACK lines: a file with many, libyaml reads
                if line_starts > _MOST_LINE_STARTS or not _continued(raw, before, at):
                    return True
            at = raw.find(mark, at + 1)
    return False


def _continued(raw: bytes, end: int, at: int, depth: int = 0) -> bool:
    """Whether the line after `end` (its first character at `at`) surely goes on with a scalar left open by the line
    before. So when that line holds no comment and either ends where no value may follow nor a quote close, this one
    indented past the column where that one's content starts (past its `- `), or to it when that one holds no key
    (its content is then a scalar's, which stands past the collection it is in); or goes on with a scalar itself,
    closes no quote, and this one is indented as far (a `:` or `-` at its end is then text)."""
    start = raw.rfind(b"\n", 0, end) + 1
    line = raw[start:end].rstrip(b" ")
    content = line.lstrip(b" -")
    if not content or b" #" in line or line.lstrip(b" ")[:1] == b"#":
        return False
    column, under = at - end - 1, len(line) - len(content)
    if line[-1] not in _NOT_INSIDE:
        return column > under or (column == under and b": " not in line)
    if depth == _LINES_BACK or start == 0 or column < under or b'"' in line or b"'" in line.replace(b"''", b""):
        return False
    return _continued(raw, start - 1, start + len(line) - len(line.lstrip(b" ")), depth + 1)


_LINES_BACK = 40
"""Lines _continued looks back over at most (a longer scalar's hazard just keeps libyaml's pass)."""
_MOST_LINE_STARTS = 1000
"""Lines starting with a hazard that _needs_libyaml looks into before it leaves the file to libyaml's pass."""


def _syntax_ok(raw: bytes) -> bool:
    """Whether libyaml parses the file (events only, no Python objects: a tenth of PyYAML's time)."""
    parser = getattr(getattr(yaml, "cyaml", None), "CParser", None)
    if parser is None:  # PyYAML without libyaml
        return False
    try:
        parser(raw).raw_parse()
    except (yaml.YAMLError, UnicodeDecodeError, ValueError):
        return False
    return True


class _Quiet:
    """Sends file descriptor 2 to /dev/null while ryml works: on an error it prints its own report there."""

    _null = -1

    def __enter__(self) -> None:
        self.saved = -1
        try:
            if _Quiet._null < 0:
                _Quiet._null = os.open(os.devnull, os.O_WRONLY)
            sys.stderr.flush()
            self.saved = os.dup(2)
            os.dup2(_Quiet._null, 2)
        except (OSError, ValueError):  # no descriptor 2 (or a closed stderr): nothing to keep quiet
            pass

    def __exit__(self, *exc: object) -> None:
        if self.saved >= 0:
            os.dup2(self.saved, 2)
            os.close(self.saved)


def _json(raw: bytes) -> tuple[Any, str] | None:
    """ryml's tree (with the buffer it points into) and its JSON, or None when ryml refuses the file."""
    import ryml  # type: ignore[import-untyped]

    buffer = bytearray(raw)  # parsed in place: ryml's scalars point into it, which is how their places are found
    try:
        with _Quiet():
            tree = ryml.parse_in_place(buffer)
            js = _emitted(ryml, tree, 2 * len(raw) + 4096)  # refuses nesting deeper than 64 (PyYAML then decides)
    except Exception:  # noqa: BLE001  (ryml's exceptions are its own classes, varying by release)
        return None
    return ((tree, buffer), js) if js is not None else None


def _emitted(ryml: Any, tree: Any, size: int) -> str | None:
    """The tree as JSON, written into a buffer of ours: ryml.emit_json (0.15) never frees the one it allocates, about
    the size of the JSON for every file. One buffer serves every file (the text is copied out of it), so it is not
    allocated and zeroed again for each."""
    if tree.size() == 0 or tree.type(tree.root_id()) & (_MAP | _SEQ) == 0:
        return None  # empty, or a bare scalar: not a deck file, and PyYAML says it best
    global _OUT
    out = _OUT if len(_OUT) >= size else bytearray(size)
    if len(out) <= _KEPT:  # not the buffer of one huge file for the rest of the run
        _OUT = out
    try:
        return str(ryml.emit_json_in_place(tree, out), "utf-8")
    except IndexError:  # did not fit: the exact size, then once more
        return str(ryml.emit_json_in_place(tree, bytearray(ryml.compute_json_length(tree))), "utf-8")


_OUT = bytearray()
_KEPT = 16 << 20


def load(raw: bytes, path: str, mapping: type[dict[str, Any]], sequence: type[list[Any]]) -> Any:
    """The file's value as PyYAML's safe loading (as yamlsrc does it) gives it, or DECLINED.

    Mappings and sequences are made as `mapping` and `sequence`, each with `_path` (the file's FastSource) and
    `_node` (ryml's node number) set.
    """
    # Bytes that are not UTF-8 are declined by _unsafe or libyaml; a file of Unicode white space, as a bare scalar.
    if not raw or raw.isspace() or _unsafe(raw) or _structure(raw):  # isspace: strip() would copy the file
        return DECLINED
    if _needs_libyaml(raw) and not _syntax_ok(raw):  # only where ryml may take what libyaml refuses
        return DECLINED
    parsed = _json(raw)
    if parsed is None:
        return DECLINED
    (tree, buffer), js = parsed
    try:
        value = json.loads(js, parse_float=_number, parse_int=int, parse_constant=_no_constant)
        if value.__class__ is list:
            value = sequence(value)
        elif value.__class__ is dict:
            value = mapping(value)
        else:  # a bare scalar document: not a deck file, and PyYAML says it best
            return DECLINED
        # JSON keeps the last of two equal keys: fewer nodes than ryml's tree. PyYAML's error then names the key.
        source = FastSource(path, raw, tree, buffer, (mapping, sequence))
        if _numbered(value, source, 0, _Plain(raw, mapping, sequence)) != tree.size():
            return DECLINED
    except (_Decline, ValueError, RecursionError):
        return DECLINED
    return value


def _numbered(value: Any, source: FastSource, node: int, plain: _Plain) -> int:
    """Give `value` and the containers inside it ryml's node numbers (the file's order: a container, then each of
    its entries or items with what is inside it); JSON's dicts and lists become `plain.mapping` and `plain.sequence`,
    and every text PyYAML could read otherwise is checked. Returns the next free number."""
    value._path, value._node = source, node
    node += 1
    if value.__class__ is plain.sequence:
        pairs: Any = enumerate(value)
    else:
        pairs = value.items()
        if not _KEYS_OK.issuperset(value):  # in C: nearly every mapping has only keys met before
            for key in value:
                plain.key(key)
    for key, item in pairs:
        kind = item.__class__
        if kind is str:
            # Texts with a space never resolve to anything but text (nor do most first characters).
            if " " not in item and item[:1] in _FIRST:
                plain.value(item)
            node += 1
        elif kind is dict:
            item = value[key] = plain.mapping(item)
            node = _numbered(item, source, node, plain)
        elif kind is list:
            item = value[key] = plain.sequence(item)
            node = _numbered(item, source, node, plain)
        else:
            node += 1
    return node


_FIRST = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)
"""First characters ('' for the empty text) of a plain scalar PyYAML may resolve to something other than text."""


class _Plain:
    """Checks the texts JSON gives as strings: one PyYAML would read otherwise, were it plain in the file, declines."""

    def __init__(self, raw: bytes, mapping: type[dict[str, Any]], sequence: type[list[Any]]):
        self.raw, self.mapping, self.sequence = raw, mapping, sequence
        self._source: str | None = None

    def key(self, text: str) -> None:
        # A key PyYAML resolves is written back with str(): the same unless that changes it (`yes` -> "True").
        if text in _KEYS_OK:
            return
        if len(text) > _LONG_KEY or text[:1] == " ":
            # libyaml may refuse a long key (_needs_libyaml does not look); ryml 0.15 puts the spaces before a key
            # in it where a comment line after an indentless sequence hides an indentation libyaml refuses.
            raise _Decline
        if text[:1] in _FIRST and _tag(text) not in _TEXT_TAGS and str(_resolved(text)) != text:
            raise _Decline
        if len(_KEYS_OK) < 10_000:
            _KEYS_OK.add(text)

    def value(self, text: str) -> None:
        if text and _tag(text) not in _TEXT_TAGS and not _JSON_NUMBER.fullmatch(text) and _plain_in(text, self.source):
            raise _Decline

    @property
    def source(self) -> str:
        """The file as text, decoded only for a text that needs looking for (few files have one)."""
        if self._source is None:
            self._source = self.raw.decode("utf-8")
        return self._source


_TAGS: dict[str, str] = {}
_KEYS_OK: set[str] = set()
"""Keys known to load as their text: every mapping's keys are looked up here at once."""


def _tag(text: str) -> str:
    tag = _TAGS.get(text)
    if tag is None:
        tag = _RESOLVER.resolve(ScalarNode, text, (True, False))
        if len(_TAGS) < 100_000:
            _TAGS[text] = tag
    return tag


def containers(value: Any, mapping: Any, sequence: Any) -> dict[int, Any]:
    """The containers of a value PyYAML loaded, by the node number ryml gives the same container."""
    found: dict[int, Any] = {}

    def walk(item: Any, node: int) -> int:
        found[node] = item
        node += 1
        children: Any = item.values() if isinstance(item, mapping) else item
        for child in children:
            node = walk(child, node) if isinstance(child, mapping | sequence) else node + 1
        return node

    walk(value, 0)
    return found


class FastSource:
    """One file loaded by this path: where its nodes start, worked out on request from ryml's tree.

    Offsets are PyYAML's start marks: a scalar's first character (a quoted one's quote, a block scalar's `|` or
    `>`), a block mapping's first key, a block sequence's first `-`, a flow collection's bracket. None where that is
    not plain from the tree and the text; the caller then asks PyYAML.
    """

    def __init__(self, path: str, raw: bytes, tree: Any, buffer: bytearray, kinds: tuple[Any, ...] = ()):
        import ryml

        self.path, self.raw, self.tree, self._buffer = path, raw, tree, buffer
        self.kinds = kinds
        self._none = ryml.NONE
        self._base: int | None = None
        self._at, self._line = 0, 1
        """The offset last placed and its line: callers ask in about the file's order, so the next line number is
        the lines between the two counted (in C), not a table of every line start made first."""
        self.fallback: dict[int, Any] | None = None
        """PyYAML's containers by ryml's node number, once an offset could not be worked out here."""

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column (from 1) of a byte offset, as PyYAML counts them: columns in characters."""
        raw, at = self.raw, self._at
        line = self._line + (raw.count(b"\n", at, offset) if offset >= at else -raw.count(b"\n", offset, at))
        self._at, self._line = offset, line
        start = raw.rfind(b"\n", 0, offset) + 1
        before = raw[start:offset]
        return line, (offset - start if before.isascii() else len(before.decode("utf-8"))) + 1

    def child(self, node: int, index: int, item: Any) -> int:
        """The node of the `index`th entry or item (`item`, its value) of the container `node`: a container of this
        file knows its own."""
        if item.__class__ in self.kinds and item._path is self:
            return int(item._node)
        return int(self.tree.child(node, index))

    def item_location(self, located: Any, index: int) -> Location | None:
        """Where the `index`th item of `located` (a sequence of this file) starts; None where the caller must ask
        the long way (an index out of range or from the end, a place only PyYAML can tell)."""
        if not 0 <= index < len(located):
            return None
        item = located[index]
        offset = self.start(self.child(located._node, index, item), item)
        return None if offset is None else Location(self.path, *self.position(offset))

    def value_location(self, located: Any, key: str) -> Location | None:
        """Where the value at `key` of `located` (a mapping of this file) starts, or None as for item_location."""
        for index, name in enumerate(located):
            if name == key:
                item = located[key]
                offset = self.start(self.child(located._node, index, item), item)
                return None if offset is None else Location(self.path, *self.position(offset))
        return None

    def _offset(self, view: Any) -> int | None:
        """Where a scalar ryml points at lies in the file, or None when ryml made it elsewhere (a longer filtered
        text goes into its arena)."""
        if view is None or len(view) == 0:
            return None
        if self._base is None:
            self._base = _address(self._buffer)
        offset = _address(view) - self._base
        return offset if 0 <= offset < len(self.raw) else None

    def start(self, node: int, value: Any = None) -> int | None:
        """Offset of the value of `node` (the node itself for a collection or a sequence's item); `value`, the value
        there when the caller has it."""
        flags = self.tree.type(node)
        if flags & (_MAP | _SEQ):
            return self._collection(node, flags, value)
        view = self.tree.val(node)
        if flags & _VAL_PLAIN and view is not None and len(view):
            at = self._offset(view)
            return at if at is not None and self.raw[at] == view[0] else None
        if flags & _VAL_QUOTED and view is not None and len(view):
            at = self._offset(view)
            return at - 1 if at and self.raw[at - 1 : at] in (b"'", b'"') else None
        return self._after_colon(node, flags)

    def key(self, node: int) -> int | None:
        """Offset of the key of `node`, a mapping's entry."""
        flags, view = self.tree.type(node), self.tree.key(node)
        at = self._offset(view)
        if at is None or not flags & (_KEY_PLAIN | _KEY_QUOTED):
            return None
        if flags & _KEY_PLAIN:
            return at if self.raw[at] == view[0] else None
        return at - 1 if at and self.raw[at - 1 : at] in (b"'", b'"') else None

    def _collection(self, node: int, flags: int, value: Any = None) -> int | None:
        if value.__class__ in self.kinds and value._path is self and value:
            first = node + 1  # numbered in the file's order: a container, then its first entry or item
        else:
            first = self.tree.first_child(node)
            if first == self._none:  # `[]`, `{}`: no child to find it by
                return None
        at = self.key(first) if flags & _MAP else self.start(first)
        if at is None or not flags & (_FLOW_SL | _FLOW_ML) and flags & _MAP:
            return at
        return self._back(at, b"[" if flags & _SEQ else b"{") if flags & (_FLOW_SL | _FLOW_ML) else self._back(at, b"-")

    def _back(self, at: int, mark: bytes) -> int | None:
        """The indicator (`-`, `[`, `{`) just before `at`, past spaces and line breaks only; None where it may be a
        comment's (`- # see -`: a `#` before it on its line)."""
        raw, at = self.raw, at - 1
        while at >= 0 and raw[at] in b" \n":
            at -= 1
        if at < 0 or raw[at] != mark[0]:
            return None
        return None if b"#" in raw[raw.rfind(b"\n", 0, at) + 1 : at] else at

    def _after_colon(self, node: int, flags: int) -> int | None:
        """An empty value (PyYAML marks the end of its `:`) or a block scalar (its `|` or `>`), in a block mapping
        with a plain key; anything else is left to PyYAML."""
        if not flags & _KEY_PLAIN or self.tree.type(self.tree.parent(node)) & (_FLOW_SL | _FLOW_ML):
            return None
        key = self.key(node)
        if key is None:
            return None
        colon = _skip_spaces(self.raw, key + len(self.tree.key(node)))
        if self.raw[colon : colon + 1] != b":":
            return None
        view = self.tree.val(node)
        if view is None or (flags & _VAL_PLAIN and not len(view)):
            return colon + 1
        value = _skip_spaces(self.raw, colon + 1)
        return value if self.raw[value : value + 1] in (b"|", b">", b"'", b'"') else None


_SPACES = re.compile(b" *")  # matches anywhere, if only the empty text


def _skip_spaces(raw: bytes, at: int) -> int:
    found = _SPACES.match(raw, at)
    return found.end() if found else at


def _node_flags() -> tuple[int, ...]:
    """ryml's node flags (NodeType_e) as the installed release numbers them; its 0.15 values where it is missing
    (yamlsrc imports this module only once ryml has imported)."""
    try:
        import ryml  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return 0x4, 0x8, 0x10000, 0x20000, 0x20000000, 0x40000000, 0x2000000 | 0x8000000, 0x4000000 | 0x10000000
    return (
        ryml.MAP, ryml.SEQ, ryml.FLOW_SL, ryml.FLOW_ML, ryml.KEY_PLAIN, ryml.VAL_PLAIN,
        ryml.KEY_SQUO | ryml.KEY_DQUO, ryml.VAL_SQUO | ryml.VAL_DQUO,
    )  # fmt: skip


_MAP, _SEQ, _FLOW_SL, _FLOW_ML, _KEY_PLAIN, _VAL_PLAIN, _KEY_QUOTED, _VAL_QUOTED = _node_flags()


def _address(buffer: Any) -> int:
    """The memory address of a buffer's first byte (ryml's scalars are read-only memoryviews into the file)."""
    global _BUFFER_CALLS
    if _BUFFER_CALLS is None:
        _BUFFER_CALLS = _buffer_calls()
    get, release, view, at = _BUFFER_CALLS
    if get(buffer, at, 0) != 0:
        raise ValueError("no buffer")
    try:
        return int(view.buf or 0)
    finally:
        release(at)


_BUFFER_CALLS: Any = None


def _buffer_calls() -> tuple[Any, Any, Any, int]:
    """PyObject_GetBuffer and PyBuffer_Release typed once, and the one Py_buffer they fill (ctypes converting
    untyped arguments, and a new struct, for every place asked cost a third of the time)."""
    import ctypes

    get = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.py_object, ctypes.c_void_p, ctypes.c_int)
    release = ctypes.PYFUNCTYPE(None, ctypes.c_void_p)
    view = _buffer_struct()()
    return (
        get(("PyObject_GetBuffer", ctypes.pythonapi)),
        release(("PyBuffer_Release", ctypes.pythonapi)),
        view,
        ctypes.addressof(view),
    )


def _buffer_struct() -> Any:
    import ctypes

    class PyBuffer(ctypes.Structure):
        _fields_ = [
            ("buf", ctypes.c_void_p),
            ("obj", ctypes.c_void_p),
            ("len", ctypes.c_ssize_t),
            ("itemsize", ctypes.c_ssize_t),
            ("readonly", ctypes.c_int),
            ("ndim", ctypes.c_int),
            ("format", ctypes.c_char_p),
            ("shape", ctypes.c_void_p),
            ("strides", ctypes.c_void_p),
            ("suboffsets", ctypes.c_void_p),
            ("internal", ctypes.c_void_p),
        ]

    return PyBuffer
