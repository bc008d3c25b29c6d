"""YAML with line numbers: every value located, so an error can name the line an editor must fix."""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml


@dataclass
class Located:
    """Parsed YAML data plus the 1-based line of every key path, e.g. ("claims", 0, "rule")."""

    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[tuple, int]] = field(default_factory=list)

    def line(self, *path, default: int | None = None) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), default)


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def load(text: str, first_line: int = 1) -> Located:
    """Parse YAML text that starts at ``first_line`` of its file."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = first_line + (mark.line if mark else 0)
        raise YamlSyntaxError(line, f"YAML syntax error: {e.problem or e.context}") from None
    except yaml.YAMLError as e:  # constructor errors without a mark
        raise YamlSyntaxError(first_line, f"YAML syntax error: {e}") from None
    finally:
        loader.dispose()
    located = Located(data)
    if node is not None:
        located.lines[()] = first_line + node.start_mark.line
        _walk(node, (), first_line, located)
    return located


def _walk(node, path, first_line, located: Located) -> None:
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = first_line + key_node.start_mark.line
            if key in seen:
                located.duplicate_keys.append((path + (key,), line))
            seen.add(key)
            located.lines[path + (key,)] = line
            _walk(value_node, path + (key,), first_line, located)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            located.lines[path + (index,)] = first_line + item.start_mark.line
            _walk(item, path + (index,), first_line, located)
