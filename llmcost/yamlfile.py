"""Safe YAML with line numbers, so config and pricing errors can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from llmcost.errors import LlmcostError


class Node(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and records lines (still no Python tags)."""


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Node:
    loader.flatten_mapping(node)
    out = Node()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in out:
            raise yaml.MarkedYAMLError(problem=f"duplicate key '{key}'", problem_mark=key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[str(key)] = line
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML file; any problem becomes one LlmcostError naming file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LlmcostError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LlmcostError(f"{path}: cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}" if mark else ""
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise LlmcostError(f"{path}{where}: {problem}") from None
    except yaml.YAMLError as exc:
        raise LlmcostError(f"{path}: invalid YAML: {exc}") from None
