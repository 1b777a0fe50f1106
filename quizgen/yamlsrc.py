"""YAML loading that keeps line and column numbers, so every content error can say where it is."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Location

# libyaml's C parser when present: the x100 benchmark loads tens of megabytes of YAML.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocatedDict(dict):
    """A mapping that remembers where it and each of its keys and values stand in the file."""

    loc: Location
    key_locs: dict[str, Location]
    value_locs: dict[str, Location]


class LocatedList(list):
    """A sequence that remembers where it and each of its items stand in the file."""

    loc: Location
    item_locs: list[Location]


class LocatedStr(str):
    """A string scalar that remembers where it stands."""

    loc: Location


class DuplicateKey(yaml.MarkedYAMLError):
    pass


def _loc(path: str, mark: yaml.Mark) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


def _make_loader(path: str) -> type:
    class Loader(_Base):  # type: ignore[misc, valid-type]
        pass

    def construct_mapping(loader: Any, node: yaml.MappingNode) -> LocatedDict:
        loader.flatten_mapping(node)
        result = LocatedDict()
        result.loc = _loc(path, node.start_mark)
        result.key_locs, result.value_locs = {}, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise DuplicateKey(None, None, f"duplicate key '{key}'", key_node.start_mark)
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_locs[key] = _loc(path, key_node.start_mark)
            result.value_locs[key] = _loc(path, value_node.start_mark)
        return result

    def construct_sequence(loader: Any, node: yaml.SequenceNode) -> LocatedList:
        result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
        result.loc = _loc(path, node.start_mark)
        result.item_locs = [_loc(path, child.start_mark) for child in node.value]
        return result

    def construct_str(loader: Any, node: yaml.ScalarNode) -> LocatedStr:
        result = LocatedStr(loader.construct_scalar(node))
        result.loc = _loc(path, node.start_mark)
        return result

    Loader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", construct_sequence)
    Loader.add_constructor("tag:yaml.org,2002:str", construct_str)
    # Dates stay text: a deck says "2018-01" or "2018-01-04" and the precision is the form.
    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_str)
    return Loader


def load_yaml(text: str | bytes, path: str) -> Any:
    """Parse one YAML document safely; raise YamlSyntaxError with the location on bad syntax."""
    try:
        return yaml.load(text, Loader=_make_loader(path))  # noqa: S506 - the loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = _loc(path, mark) if mark else Location(path)
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


class YamlSyntaxError(Exception):
    """Raised by load_yaml; the deck loader turns it into a Problem."""

    def __init__(self, location: Location, message: str):
        super().__init__(message)
        self.location = location
        self.message = message


def loc_of(value: Any, default: Location) -> Location:
    """The location a loaded value carries, or the default."""
    return getattr(value, "loc", default)
