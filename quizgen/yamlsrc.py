"""YAML loading that keeps line and column numbers, so every content error can say where it is."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import Location

# libyaml's C parser when present: the x100 benchmark loads tens of megabytes of YAML.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR, _TIMESTAMP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS: dict[str, str] = {}
"""Resolved tag of plain (unquoted) scalars, by text: most recur (kinds, tags, years, names)."""
_LINE = 1 << 32
"""Positions are kept as one int, line * _LINE + column (both 1-based), and made Locations only when asked for:
a large deck has millions of keys and values, and only the few with a problem ever need theirs."""


def _pos(mark: yaml.Mark) -> int:
    return (mark.line + 1) * _LINE + mark.column + 1


def _location(path: str, pos: int) -> Location:
    return Location(path, pos // _LINE, pos % _LINE)


class _Locations(Mapping[str, Location]):
    """Read-only view: key -> Location, built on lookup from packed positions."""

    __slots__ = ("_path", "_pos")

    def __init__(self, path: str, positions: dict[str, int]):
        self._path, self._pos = path, positions

    def __getitem__(self, key: str) -> Location:
        return _location(self._path, self._pos[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)


class _ItemLocations(Sequence[Location]):
    """Read-only view: index -> Location, built on lookup from packed positions."""

    __slots__ = ("_path", "_pos")

    def __init__(self, path: str, positions: list[int]):
        self._path, self._pos = path, positions

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [_location(self._path, p) for p in self._pos[index]]
        return _location(self._path, self._pos[index])

    def __len__(self) -> int:
        return len(self._pos)


class LocatedDict(dict):
    """A mapping that remembers where it and each of its keys and values stand in the file."""

    __slots__ = ("_path", "_at", "_keys_at", "_values_at")

    @property
    def loc(self) -> Location:
        return _location(self._path, self._at)

    @property
    def key_locs(self) -> Mapping[str, Location]:
        return _Locations(self._path, self._keys_at)

    @property
    def value_locs(self) -> Mapping[str, Location]:
        return _Locations(self._path, self._values_at)


class LocatedList(list):
    """A sequence that remembers where it and each of its items stand in the file."""

    __slots__ = ("_path", "_at", "_items_at")

    @property
    def loc(self) -> Location:
        return _location(self._path, self._at)

    @property
    def item_locs(self) -> Sequence[Location]:
        return _ItemLocations(self._path, self._items_at)


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading into LocatedDict and LocatedList; text and dates as plain str."""

    path = ""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # Called by the parser for every node. Quoted scalars are text; plain ones repeat (kinds, tags, years).
        if kind is ScalarNode:
            if not implicit[0]:
                return _STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < 200_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        if kind is MappingNode and not self.yaml_path_resolvers:
            return self.DEFAULT_MAPPING_TAG
        if kind is SequenceNode and not self.yaml_path_resolvers:
            return self.DEFAULT_SEQUENCE_TAG
        return super().resolve(kind, value, implicit)

    def child(self, node: yaml.Node) -> Any:
        # Most nodes are text: skip construct_object's bookkeeping for them (scalars cannot be recursive).
        if node.__class__ is ScalarNode and (node.tag == _STR or node.tag == _TIMESTAMP):
            return node.value
        return self.construct_object(node, deep=True)

    def construct_located_mapping(self, node: yaml.MappingNode) -> LocatedDict:
        self.flatten_mapping(node)
        result = LocatedDict()
        result._path, result._at = self.path, _pos(node.start_mark)
        result._keys_at, result._values_at = keys_at, values_at = {}, {}
        for key_node, value_node in node.value:
            key = self.child(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise DuplicateKey(None, None, f"duplicate key '{key}'", key_node.start_mark)
            result[key] = self.child(value_node)
            keys_at[key] = _pos(key_node.start_mark)
            values_at[key] = _pos(value_node.start_mark)
        return result

    def construct_located_sequence(self, node: yaml.SequenceNode) -> LocatedList:
        result = LocatedList([self.child(child) for child in node.value])
        result._path, result._at = self.path, _pos(node.start_mark)
        result._items_at = [_pos(child.start_mark) for child in node.value]
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_located_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_located_sequence)
# Dates stay text: a deck says "2018-01" or "2018-01-04" and the precision is the form.
_Loader.add_constructor(_TIMESTAMP, _Loader.construct_yaml_str)


def load_yaml(text: str | bytes, path: str) -> Any:
    """Parse one YAML document safely; raise YamlSyntaxError with the location on bad syntax."""
    try:
        loader = _Loader(text)
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(Location(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    loader.path = path
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        message = exc.problem or "invalid YAML"
        if exc.context and isinstance(exc, yaml.scanner.ScannerError | yaml.parser.ParserError):
            message = f"{exc.context}, {message}" if exc.problem else exc.context
        raise YamlSyntaxError(loc, f"YAML syntax error: {message}") from None
    except yaml.YAMLError as exc:  # reader errors: bad bytes, control characters
        raise YamlSyntaxError(Location(path), f"YAML error: {exc}".splitlines()[0]) from None
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(Location(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except RecursionError:
        raise YamlSyntaxError(Location(path), "YAML nested too deeply") from None
    finally:
        loader.dispose()


class YamlSyntaxError(Exception):
    """Raised by load_yaml; the deck loader turns it into a Problem."""

    def __init__(self, location: Location, message: str):
        super().__init__(message)
        self.location = location
        self.message = message


def loc_of(value: Any, default: Location) -> Location:
    """The location a loaded value carries, or the default."""
    return getattr(value, "loc", default)
