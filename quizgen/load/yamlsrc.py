"""YAML loading that keeps line and column numbers, so every content error can say where it is."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ..util import yamlprep  # noqa: F401  (before PyYAML's import: see there)

# isort: split
import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Location

# libyaml's C parser when present: the x100 benchmark loads tens of megabytes of YAML.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_STR, _TIMESTAMP, _MAP, _SEQ = (_TAG + name for name in ("str", "timestamp", "map", "seq"))
_TEXT = frozenset((_STR, _TIMESTAMP))
"""Tags whose scalars load as their text. Dates stay text: a deck says "2018-01" or "2018-01-04" and the precision
is the form."""
_FLATTEN = frozenset((_TAG + "merge", _TAG + "value"))
"""Key tags that PyYAML's flatten_mapping rewrites (`<<` merges, `=`): mappings without them skip it."""
_RESOLVABLE = frozenset(_Base.yaml_implicit_resolvers)
"""First characters (and '' for the empty text) for which a plain scalar may resolve to something other than text."""
_PLAIN_TAGS: dict[str, str] = {}
"""Resolved tag of plain (unquoted) scalars that may not be text, by text: most recur (years, counts, booleans)."""
_MAX_DEPTH = 1000
"""Deeper nesting is refused while composing: libyaml's composer recurses in C and, at about 20,000 levels, overflows
the stack and kills the interpreter. Below this, the walk meets Python's recursion limit first (at 300 to 500 levels,
as PyYAML's constructor did at 250 to 330), which load_yaml refuses with the same message."""


def _location(path: str, mark: yaml.Mark) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


class LocatedDict(dict[str, Any]):
    """A mapping that remembers where it and each of its keys and values stand in the file.

    It keeps its YAML node and makes Locations only when asked: a large deck has millions of keys and values,
    and only the few with a problem ever need theirs. Read-only by convention, since the n-th key's place is the
    node's n-th pair. Loaded by PyYAML, `_path` is the file's path and `_node` PyYAML's node; loaded by the fast
    path (fastyaml), `_path` is the file's FastSource and `_node` ryml's node number.
    """

    __slots__ = ("_path", "_node")
    _path: Any
    _node: Any

    @property
    def loc(self) -> Location:
        if self._node.__class__ is int:
            return _fast(self, self._path.start(self._node), lambda twin: twin.loc)
        return _location(self._path, self._node.start_mark)

    @property
    def key_locs(self) -> Mapping[str, Location]:
        return _Locations(self, 0)

    @property
    def value_locs(self) -> Mapping[str, Location]:
        return _Locations(self, 1)


class _Locations(Mapping[str, Location]):
    """Read-only view: key -> Location of the key (side 0) or of its value (side 1), made on lookup."""

    __slots__ = ("_dict", "_side")

    def __init__(self, located: LocatedDict, side: int):
        self._dict, self._side = located, side

    def __getitem__(self, key: str) -> Location:
        located = self._dict
        if self._side == 1 and located._node.__class__ is int:  # the fast path's, and nearly always found so
            found = located._path.value_location(located, key)
            if found is not None:
                return found
        if key in self._dict:
            for index, name in enumerate(self._dict):
                if name == key:
                    return self._at(index, key)
        raise KeyError(key)

    def _at(self, index: int, key: str) -> Location:
        located, side = self._dict, self._side
        if located._node.__class__ is int:
            source = located._path
            child = source.child(located._node, index, located[key])
            offset = source.key(child) if side == 0 else source.start(child)
            return _fast(located, offset, lambda twin: (twin.key_locs if side == 0 else twin.value_locs)[key])
        return _location(located._path, located._node.value[index][side].start_mark)

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._dict)


class LocatedList(list[Any]):
    """A sequence that remembers where it and each of its items stand in the file."""

    __slots__ = ("_path", "_node")
    _path: Any
    _node: Any

    @property
    def loc(self) -> Location:
        if self._node.__class__ is int:
            return _fast(self, self._path.start(self._node), lambda twin: twin.loc)
        return _location(self._path, self._node.start_mark)

    @property
    def item_locs(self) -> Sequence[Location]:
        return _ItemLocations(self)


class _ItemLocations(Sequence[Location]):
    """Read-only view: index -> Location of the item, made on lookup."""

    __slots__ = ("_list",)

    def __init__(self, located: LocatedList):
        self._list = located

    def __getitem__(self, index: Any) -> Any:
        located = self._list
        if located._node.__class__ is int and index.__class__ is int:  # the fast path's, and nearly always found so
            found = located._path.item_location(located, index)
            if found is not None:
                return found
        if isinstance(index, slice):
            return [self._at(i) for i in range(len(self._list))[index]]
        return self._at(index)

    def _at(self, index: int) -> Location:
        located = self._list
        if located._node.__class__ is int:
            index = range(len(located))[index]  # negative indexes, and IndexError as a list gives it
            source = located._path
            offset = source.start(source.child(located._node, index, located[index]))
            return _fast(located, offset, lambda twin: twin.item_locs[index])
        return _location(located._path, located._node.value[index].start_mark)

    def __len__(self) -> int:
        return len(self._list)


def _fast(located: Any, offset: int | None, twin_loc: Callable[[Any], Location]) -> Location:
    """A Location of something the fast path loaded: from its offset, or, where fastyaml could not tell it, from the
    same container loaded by PyYAML (once per file, and only for such a file)."""
    source = located._path
    if offset is not None:
        return Location(source.path, *source.position(offset))
    if source.fallback is None:
        from . import fastyaml

        source.fallback = fastyaml.containers(_load_with_pyyaml(source.raw, source.path), LocatedDict, LocatedList)
    return twin_loc(source.fallback[located._node])


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class _TooDeep(yaml.YAMLError):
    pass


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading into LocatedDict and LocatedList; text and dates as plain str.

    libyaml composes the nodes; `_value` then walks them directly. PyYAML's generic constructor (memo lookups, tag
    dispatch and bookkeeping for every scalar) took longer than parsing itself; nodes with any other tag still go
    through it, so sets, binary, merges, aliases and recursion behave and fail exactly as before.
    """

    def __init__(self, stream: str | bytes, path: str):
        super().__init__(stream)
        self.path = path
        # libyaml's composer calls these two for every node, to support path resolvers, which safe loading does not
        # use. Bound dict methods instead of Python ones: no interpreter frame per node, and the dict holds the open
        # nodes (one entry per level, the newest popped on the way up), so `resolve` can refuse deep nesting.
        self._open: dict[Any, Any] = {}
        self.descend_resolver = self._open.__setitem__
        self.ascend_resolver = self._open.popitem

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        # Called by the composer for every untagged node. Only plain scalars with certain first characters can be
        # anything but text (SafeLoader has no path resolvers), and those recur (years, counts), hence the cache.
        if kind is ScalarNode:
            if not implicit[0] or value[:1] not in _RESOLVABLE:
                return _STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < 100_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        if len(self._open) > _MAX_DEPTH:
            raise _TooDeep
        return _MAP if kind is MappingNode else _SEQ

    def _value(self, node: Node) -> Any:
        """The value of any node (callers inline the text case, which is nearly every node)."""
        cls, tag = node.__class__, node.tag
        if cls is ScalarNode and tag in _TEXT:
            return node.value
        if (cls is MappingNode and tag == _MAP) or (cls is SequenceNode and tag == _SEQ):
            # The same memo and recursion guard as construct_object, shared with it: an alias is the same object,
            # and a node inside itself is refused with PyYAML's message.
            done = self.constructed_objects.get(node)
            if done is not None:
                return done
            if node in self.recursive_objects:
                raise ConstructorError(None, None, "found unconstructable recursive node", node.start_mark)
            self.recursive_objects[node] = None
            data = self._mapping(node) if cls is MappingNode else self._sequence(node)
            self.constructed_objects[node] = data
            del self.recursive_objects[node]
            return data
        return self.construct_object(node, deep=True)

    def _mapping(self, node: Node) -> LocatedDict:
        if node.__class__ is not MappingNode:
            raise ConstructorError(None, None, f"expected a mapping node, but found {_kind(node)}", node.start_mark)
        for key_node, _ in node.value:
            if key_node.tag in _FLATTEN:
                self.flatten_mapping(node)
                break
        result = LocatedDict()
        result._path, result._node = self.path, node
        value = self._value
        for key_node, value_node in node.value:
            if key_node.__class__ is ScalarNode and key_node.tag in _TEXT:
                key = key_node.value
            else:
                key = value(key_node)
                if not isinstance(key, str):
                    key = str(key)
            if key in result:
                raise DuplicateKey(None, None, f"duplicate key '{key}'", key_node.start_mark)
            if value_node.__class__ is ScalarNode and value_node.tag in _TEXT:
                result[key] = value_node.value
            else:
                result[key] = value(value_node)
        return result

    def _sequence(self, node: Node) -> LocatedList:
        if node.__class__ is not SequenceNode:
            raise ConstructorError(None, None, f"expected a sequence node, but found {_kind(node)}", node.start_mark)
        value = self._value
        result = LocatedList(
            [item.value if item.__class__ is ScalarNode and item.tag in _TEXT else value(item) for item in node.value]
        )
        result._path, result._node = self.path, node
        return result


def _kind(node: Node) -> str:
    """`scalar`, `sequence` or `mapping`: the word PyYAML's own messages use (only its subclasses have `id`)."""
    return getattr(node, "id", "node")


def _checked(construct: Callable[[SafeConstructor, Node], Any]) -> Callable[[SafeConstructor, Node], Any]:
    """A scalar constructor that refuses text it cannot read (`!!int x`) as a located error instead of crashing."""

    def checked(loader: SafeConstructor, node: Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, IndexError):
            text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            raise ConstructorError(
                None, None, f"could not read '{text}' as the tag '{node.tag}'", node.start_mark
            ) from None

    return checked


# Sets, ordered maps and pairs hold their mappings and sequences through construct_object: the same located values.
_Loader.add_constructor(_MAP, _Loader._mapping)
_Loader.add_constructor(_SEQ, _Loader._sequence)
_Loader.add_constructor(_TIMESTAMP, _Loader.construct_yaml_str)
for _name in ("int", "float", "bool"):
    _Loader.add_constructor(_TAG + _name, _checked(_Loader.yaml_constructors[_TAG + _name]))


def not_utf8(raw: bytes, path: str) -> tuple[Location, str] | None:
    """Where a file's bytes stop being UTF-8, and what to do, or None when they are UTF-8 (asked only once reading
    failed, so a good file is decoded once)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start
        line = raw.count(b"\n", 0, at) + 1
        column = len(raw[raw.rfind(b"\n", 0, at) + 1 : at].decode("utf-8", "replace")) + 1
        return Location(path, line, column), (
            f"not UTF-8 text (byte 0x{raw[at]:02X}; saved as Latin-1 or Windows-1252?): save the file as UTF-8, "
            "e.g. iconv -f latin1 -t utf-8"
        )
    return None


def _tab_at(text: str | bytes, mark: yaml.Mark | None) -> bool:
    """Whether the line where the parser gave up has a tab in its indentation (or at the mark)."""
    if mark is None:
        return False
    source = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    lines = source.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    return "\t" in line[: len(line) - len(line.lstrip())] or line[mark.column : mark.column + 1] == "\t"


FAST_AFTER = 2_000_000
"""Bytes of YAML loaded before the fast path (fastyaml) is used: importing rapidyaml costs about as much CPU as
PyYAML takes over 1 MB, so a run that reads the bundled deck (about 0.7 MB) or one edited file never imports it."""
_loaded = 0
_fast_path: Any = None
"""fastyaml once imported; False when rapidyaml cannot be imported here (no wheel for this platform)."""


def load_yaml(text: str | bytes, path: str) -> Any:
    """Parse one YAML document safely; raise YamlSyntaxError with the location on bad syntax."""
    global _loaded
    _loaded += len(text)
    if _loaded > FAST_AFTER and _fast_path is not False:
        fast = _fast_load(text, path)
        if fast is not _DECLINED:
            return fast
    return _load_with_pyyaml(text, path)


_DECLINED: Any = object()


def _fast_load(text: str | bytes, path: str) -> Any:
    """The value from fastyaml, or _DECLINED (it declines any file it cannot load exactly as PyYAML does)."""
    global _fast_path
    if _fast_path is None:
        try:
            import ryml  # type: ignore[import-untyped]  # noqa: F401
        except ImportError:
            _fast_path = False
            return _DECLINED
        from . import fastyaml

        _fast_path = fastyaml
    try:
        raw = text if isinstance(text, bytes) else text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: PyYAML's reader refuses them, with its message
        return _DECLINED
    value = _fast_path.load(raw, path, LocatedDict, LocatedList)
    return _DECLINED if value is _fast_path.DECLINED else value


def _load_with_pyyaml(text: str | bytes, path: str) -> Any:
    """load_yaml through PyYAML (libyaml's parser and composer, then the walk below)."""
    try:
        loader = _Loader(text, path)
    except UnicodeDecodeError as exc:
        raise _encoding_error(text, path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return loader.get_single_data()  # the root through construct_document, as before; the rest by _value
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path) from None
    except (_TooDeep, RecursionError):
        raise YamlSyntaxError(Location(path), "YAML nested too deeply") from None
    except yaml.YAMLError as exc:  # reader errors: bad bytes, control characters
        raise _encoding_error(text, path, f"YAML error: {exc}".splitlines()[0]) from None
    except UnicodeDecodeError as exc:
        raise _encoding_error(text, path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    finally:
        loader.dispose()


def _encoding_error(text: str | bytes, path: str, otherwise: str) -> YamlSyntaxError:
    """Bytes that are not UTF-8 located at their line and column with what to do; any other reader error as is."""
    found = not_utf8(text, path) if isinstance(text, bytes) else None
    return YamlSyntaxError(*found) if found else YamlSyntaxError(Location(path), otherwise)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str | bytes, path: str) -> YamlSyntaxError:
    """Located where the parser gave up (its problem mark), unless a quote that is never closed, or one that ran on
    over lines up to it, is the likely cause: then at that quote, which is what the author must fix."""
    start, end = exc.context_mark, exc.problem_mark
    problem = exc.problem or ""
    if (
        start
        and end
        and exc.context == "while scanning a quoted scalar"
        and ("end of stream" in problem or "document indicator" in problem)
    ):
        message = f"the quoted text that starts here is never closed ({problem} at {_at(end)})"
        return YamlSyntaxError(_location(path, start), f"YAML syntax error: {message}")
    quote = _quote_before(text, end) if end is not None and exc.problem else None
    if quote is not None and end is not None:
        message = (
            f"the quoted text that starts here may be unclosed: it runs on to {_at(quote.end_mark, -1)} "
            f"(then: {exc.problem} at {_at(end)})"
        )
        return YamlSyntaxError(_location(path, quote.start_mark), f"YAML syntax error: {message}")
    mark = end or start
    loc = _location(path, mark) if mark else Location(path)
    if _tab_at(text, end):
        return YamlSyntaxError(loc, "YAML syntax error: a tab character: YAML indents with spaces; replace the tab")
    return YamlSyntaxError(loc, f"YAML syntax error: {_syntax_message(exc)}")


def _at(mark: yaml.Mark, columns: int = 0) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1 + columns}"


def _quote_before(text: str | bytes, problem: yaml.Mark) -> Any:
    """The token just before `problem`, when it is quoted text over several lines: a quote left open swallows the
    lines after it up to the next quote, and the parser gives up just after that one."""
    scanner = _Base(text)
    before = None
    try:
        while scanner.check_token():
            token = scanner.peek_token()
            if token.end_mark.index > problem.index:
                break
            before = scanner.get_token()
    except yaml.YAMLError:  # the scanner gave up where the parser did, or earlier
        pass
    finally:
        scanner.dispose()
    spans = isinstance(before, yaml.ScalarToken) and before.start_mark.line < before.end_mark.line
    return before if spans and getattr(before, "style", None) in ('"', "'") else None


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, and where what it was reading started when that is elsewhere (its context mark): an unclosed
    quote or bracket is only noticed lines later, where the parser gives up."""
    message = exc.problem or "invalid YAML"
    if not (exc.context and isinstance(exc, yaml.scanner.ScannerError | yaml.parser.ParserError)):
        return message
    start, end = exc.context_mark, exc.problem_mark
    if start is None or end is None or (start.line, start.column) == (end.line, end.column) or not exc.problem:
        return f"{exc.context}, {message}" if exc.problem else exc.context
    where = f"line {start.line + 1}, column {start.column + 1}"
    if "quoted scalar" in exc.context:  # an unclosed one is located at its quote (_syntax_error): this is inside one
        return f"{message} (in the quoted text that starts at {where})"
    return f"{exc.context} that starts at {where}, {message}"


class YamlSyntaxError(Exception):
    """Raised by load_yaml; the deck loader turns it into a Problem."""

    def __init__(self, location: Location, message: str):
        super().__init__(message)
        self.location = location
        self.message = message
