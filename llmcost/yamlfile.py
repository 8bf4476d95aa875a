"""Safe YAML with line numbers, so config, pricing and revenue errors can name the line.

Hostile files are refused before anything is built: aliases may not expand past
`ALIAS_LIMIT` values (a "billion laughs" file of a few hundred bytes would otherwise
become gigabytes the moment anything walks it), an alias may not refer to the list or
mapping that holds it, and a value PyYAML cannot build (the date 2026-02-30) is an
error naming the line, not a traceback.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from llmcost.errors import LlmcostError

# The values (scalars, lists, mappings) every alias of a file may add in all, counted as if
# each alias were replaced by a copy of what its anchor holds. Shared tiers or prices reused
# a few hundred times stay far below it; a billion-laughs file crosses it within a few lines.
ALIAS_LIMIT = 100_000
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
KINDS = {
    "timestamp": "date",
    "int": "whole number",
    "float": "number",
    "bool": "true/false value",
    "binary": "base64 value",
}


class Node(dict):
    """A YAML mapping that remembers the line of itself and of each key, and each key as written."""

    line: int = 0
    key_lines: dict[str, int]
    key_texts: dict[str, str]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(str(key), self.line)

    def text_of(self, key: Any) -> str:
        """The key as written (YAML reads `0123:` as 83 and `1.10:` as 1.1; ids need the text)."""
        return self.key_texts.get(str(key), str(key))


# The mixins below are only ever mixed into a PyYAML loader (pure Python or libyaml, hence not
# a base class at run time); the type checker is told so, to know what their `super()` calls reach.
if TYPE_CHECKING:
    _Mixin = yaml.SafeLoader
else:
    _Mixin = object


class _Checks(_Mixin):
    """What every loader here adds to PyYAML's safe one: refuses duplicate keys, alias bombs
    and unbuildable values, and records lines (still no Python tags)."""

    def construct_document(self, node: yaml.Node) -> Any:
        _check_aliases(node)
        return super().construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's own constructors raise ValueError (2026-02-30) or OverflowError without a
        line; this gives them the line of the value."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                problem=_unbuildable(node, exc), problem_mark=node.start_mark
            ) from None


class _AsText(_Mixin):
    """Every plain scalar is text as written: for files whose keys and values are ids, where
    YAML 1.1 would turn `0123` into 83, `1.10` into 1.1 and `null` into None."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and value != "<<":  # keep merge keys working
            return STR_TAG
        return super().resolve(kind, value, implicit)


class _Loader(_Checks, yaml.SafeLoader):
    """Pure Python: its messages say more (a tab is named as a tab), so errors are worded by it."""


class _TextLoader(_AsText, _Loader):
    pass


# libyaml's parser, where PyYAML has it (its wheels do): the same constructors and resolver,
# several times faster on a price list of thousands of entries.
_FAST = getattr(yaml, "CSafeLoader", None)


class _FastLoader(_Checks, _FAST or yaml.SafeLoader):  # type: ignore[misc]
    pass


class _FastTextLoader(_AsText, _FastLoader):
    pass


def _mapping(loader: _Checks, node: yaml.MappingNode) -> Node:
    own = sum(1 for key_node, _ in node.value if key_node.tag != MERGE_TAG)
    loader.flatten_mapping(node)
    merged = len(node.value) - own  # flatten_mapping puts the merged pairs first; own keys override them
    out = Node()
    out.line = node.start_mark.line + 1
    out.key_lines, out.key_texts = {}, {}
    from_merge: set[Any] = set()
    for i, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                problem="a key must be a single value, not a list or mapping", problem_mark=key_node.start_mark
            )
        if i >= merged and key in out and key not in from_merge:
            raise yaml.MarkedYAMLError(problem=f"duplicate key '{key}'", problem_mark=key_node.start_mark)
        if i < merged:
            from_merge.add(key)
        else:
            from_merge.discard(key)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[str(key)] = key_node.start_mark.line + 1
        if isinstance(key_node, yaml.ScalarNode):
            out.key_texts[str(key)] = key_node.value
    return out


for _cls in (_Loader, _FastLoader):
    _cls.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _unbuildable(node: yaml.Node, exc: Exception) -> str:
    """'2026-02-30' is not a valid date (day is out of range for month); with what to do."""
    if not isinstance(node, yaml.ScalarNode):
        return f"cannot read this value: {exc}"
    kind = KINDS.get(node.tag.rsplit(":", 1)[-1], node.tag)
    hint = "write a real date (YYYY-MM-DD)" if kind == "date" else f"write a valid {kind}"
    return f"{node.value!r} is not a valid {kind} ({exc}); {hint}, or quote it to keep it as text"


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _check_aliases(root: yaml.Node) -> None:
    """Refuse alias expansion past ALIAS_LIMIT values, and recursive aliases, on the node graph.

    PyYAML composes an alias as the very node its anchor names, so a node met a second time
    is an alias: its expanded size is added to the count. Sizes are memoised per node and the
    walk is iterative, so this is linear in the written document even for a billion laughs."""
    size: dict[int, int] = {}
    open_nodes: set[int] = set()
    added = 0
    stack: list[tuple[yaml.Node, yaml.Node | None, bool]] = [(root, None, False)]
    while stack:
        node, parent, done = stack.pop()
        if done:
            open_nodes.discard(id(node))
            size[id(node)] = 1 + sum(size[id(child)] for child in _children(node))
            continue
        where = (parent or node).start_mark
        if id(node) in open_nodes:
            raise yaml.composer.ComposerError(
                problem="an alias refers to the list or mapping that holds it "
                "(a recursive alias); write the values out",
                problem_mark=where,
            )
        if id(node) in size:  # an alias of a node already sized
            added += size[id(node)]
            if added > ALIAS_LIMIT:
                raise yaml.composer.ComposerError(
                    problem=f"aliases expand to more than {ALIAS_LIMIT:,} values (a 'billion laughs' YAML "
                    "bomb?); write the values out or use fewer aliases",
                    problem_mark=where,
                )
            continue
        open_nodes.add(id(node))
        stack.append((node, parent, True))
        stack.extend((child, node, False) for child in reversed(list(_children(node))))


def _text(path: str | Path) -> str:
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise LlmcostError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LlmcostError(f"{path}: is a folder, not a file; give the path of the YAML file") from None
    except PermissionError:
        raise LlmcostError(f"{path}: cannot read: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise LlmcostError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LlmcostError(
            f"{path}, line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None


def load_yaml(path: str | Path, *, text: bool = False) -> Any:
    """Parse a YAML file; any problem becomes one LlmcostError naming file and line.

    `text=True` reads every unquoted scalar as the text written (for files of ids)."""
    source = _text(path)
    try:
        return yaml.load(source, Loader=_FastTextLoader if text else _FastLoader)
    except (yaml.YAMLError, RecursionError):
        pass  # read again by the pure-Python parser, whose message names the problem better
    try:
        return yaml.load(source, Loader=_TextLoader if text else _Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}" if mark else ""
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise LlmcostError(f"{path}{where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise LlmcostError(f"{path}: invalid YAML: {exc}") from None
    except RecursionError:
        raise LlmcostError(f"{path}: nested too deeply to read; flatten the lists and mappings") from None
