"""YAML with line numbers: every value located, so an error can name the line an editor must fix.

Dates and times are kept as the text the editor wrote (PyYAML's own timestamp constructor raises a
bare ValueError on ``2026-13-01``, losing the file and the line); ``core.schema.Moment`` parses
them, per key, with a message naming that key.
"""
from __future__ import annotations

import re
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
    """A file that is not YAML; ``key`` is the key written on the offending line, when there is one."""

    def __init__(self, line: int, message: str, key: str | None = None):
        self.line = line
        self.key = key
        super().__init__(message)


class _Loader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type: ``2026-13-01`` stays the text it is."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):
        """The same rules, parsed by libyaml (several times faster on a thousand articles). Only
        valid YAML is taken from it: on any error the text is parsed again by ``_Loader``, whose
        messages the editors' wording below is written for."""

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
else:  # PyYAML built without libyaml
    _FastLoader = None

_KEY_ON_LINE = re.compile(r"^[\s-]*([A-Za-z_][\w-]*)\s*:(?:\s|$)")

# PyYAML's problems, in an editor's words. Matched on the start of PyYAML's message.
_WORDING = [
    ("found character '\\t' that cannot start any token",
     "a tab character is used for indentation; use spaces"),
    ("found a tab character",
     "a tab character is used for indentation; use spaces"),
    ("mapping values are not allowed here",
     "a colon followed by a space inside a value; put the value in quotes"),
    ("could not find expected ':'",
     "expected 'key: value' on this line; a line that continues a value needs the value in quotes"),
    ("expected ',' or ']'",
     "a list opened with '[' is not closed with ']' (or an item in it needs quotes)"),
    ("expected ',' or '}'",
     "a mapping opened with '{' is not closed with '}' (or a value in it needs quotes)"),
    ("found unexpected end of stream",
     "a quoted value is not closed: add the closing quote"),
    ("found unknown escape character",
     "a backslash inside double quotes starts an escape; write \\\\ or use single quotes"),
    ("expected <block end>, but found '-'",
     "a list item ('- ') is not indented like the items before it"),
    ("expected <block end>",
     "this line is indented differently from the lines before it; align it with its siblings"),
    ("found undefined alias",
     "a value starting with '*' is read as a YAML alias; put the value in quotes"),
    ("found character '@' that cannot start any token",
     "a value cannot start with '@'; put the value in quotes"),
    ("found character '`' that cannot start any token",
     "a value cannot start with '`'; put the value in quotes"),
    ("found character '%' that cannot start any token",
     "a value cannot start with '%'; put the value in quotes"),
    ("found unhashable key",
     "a key cannot be a list or a mapping; put it in quotes"),
    ("expected a single document",
     "found a second '---' document; keep one"),
]


def editor_words(problem: str) -> str:
    """PyYAML's wording of a problem, in an editor's words when we know a better one.

    >>> editor_words("mapping values are not allowed here")
    'a colon followed by a space inside a value; put the value in quotes'
    """
    for start, words in _WORDING:
        if problem.startswith(start):
            return words
    return f"not valid YAML: {problem}"


def load(text: str, first_line: int = 1) -> Located:
    """Parse YAML text that starts at ``first_line`` of its file."""
    if _FastLoader is not None:
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
            data = fast.construct_document(node) if node is not None else None
        except (yaml.YAMLError, RecursionError):
            pass  # reported below, in _Loader's words
        else:
            return _located(data, node, first_line)
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        problem = e.problem or e.context or "not valid YAML"
        # PyYAML finds an unclosed '[', '{' or quote where the text ends or the next key starts:
        # name the line where it was opened (its context), which is the one to correct. A problem
        # found inside the list (a missing comma on its third line) is named where it is.
        mark = e.problem_mark or e.context_mark
        if problem.startswith(("expected ',' or", "found unexpected end of stream")) and e.context_mark:
            lines = text.split("\n")
            at = e.problem_mark.line if e.problem_mark else len(lines)
            if at >= len(lines) or not lines[at].strip() or _KEY_ON_LINE.match(lines[at]):
                mark = e.context_mark
        offset = mark.line if mark else 0
        if "tab" in problem or "\\t" in problem:
            # PyYAML points after a tab that starts a line: name the line where the tab is.
            offset = _tab_line(text, offset)
        raise YamlSyntaxError(first_line + offset, editor_words(problem), _key_on(text, offset)) from None
    except yaml.YAMLError as e:  # constructor errors without a mark
        raise YamlSyntaxError(first_line, f"not valid YAML: {e}") from None
    except RecursionError:
        raise YamlSyntaxError(first_line, "nested too deeply to be front matter") from None
    finally:
        loader.dispose()
    return _located(data, node, first_line)


def _located(data, node, first_line: int) -> Located:
    located = Located(data)
    if node is not None:
        located.lines[()] = first_line + node.start_mark.line
        _walk(node, (), first_line, located)
    return located


def _tab_line(text: str, offset: int) -> int:
    lines = text.split("\n")
    for index in range(min(offset, len(lines) - 1), -1, -1):
        if "\t" in lines[index]:
            return index
    return offset


def _key_on(text: str, offset: int) -> str | None:
    lines = text.split("\n")
    if 0 <= offset < len(lines):
        m = _KEY_ON_LINE.match(lines[offset].replace("\t", " "))
        if m:
            return m.group(1)
    return None


def _walk(node, path, first_line, located: Located) -> None:
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = first_line + key_node.start_mark.line
            if not isinstance(key, str):  # a complex key: reported by the schema as unknown
                key = str(key)
            if key in seen:
                located.duplicate_keys.append((path + (key,), line))
            seen.add(key)
            located.lines[path + (key,)] = line
            _walk(value_node, path + (key,), first_line, located)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            located.lines[path + (index,)] = first_line + item.start_mark.line
            _walk(item, path + (index,), first_line, located)


MAX_BYTES = 1_000_000  # an article or a YAML file editors write is a few kilobytes


def read_text(path, problems, *, root=None, max_bytes: int = MAX_BYTES) -> str | None:
    """The text of a content file, or None after reporting why it cannot be read as UTF-8 text.

    Refused, each as ``file:line: file: ...``: a link pointing outside ``root``, a file larger than
    ``max_bytes``, a binary file, UTF-16/32 text and bytes that are not UTF-8 (with their line).
    """
    from pathlib import Path

    path = Path(path)
    if root is not None and path.is_symlink():
        target = path.resolve()
        try:
            target.relative_to(Path(root).resolve())
        except ValueError:
            problems.error(path, 1, "file", f"is a link to {target}, outside the content folder; "
                                            "copy the file into the content folder instead")
            return None
    try:
        size = path.stat().st_size
        if size > max_bytes:
            problems.error(path, 1, "file", f"is {size / 1e6:.1f} MB; a content file may be at most "
                                            f"{max_bytes / 1e6:.0f} MB (split it, or move images out)")
            return None
        data = path.read_bytes()
    except OSError as e:
        problems.error(path, 1, "file", f"cannot be read: {e.strerror or e}")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        problems.error(path, 1, "file", "is saved as UTF-16; save it as UTF-8")
        return None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.error(path, line, "file", "is a binary file (it contains NUL bytes), not text")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        problems.error(path, line, "file", f"expected UTF-8 text, found byte 0x{data[e.start]:02x} on this line, "
                                           "which is not UTF-8 (saved as Latin-1 or Windows-1252?); save it as UTF-8")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read(path, problems, key: str, *, root=None, max_bytes: int = MAX_BYTES, advice: str = "") -> Located | None:
    """A YAML content file read (``read_text``) and loaded with the line of every key; None after
    reporting why it cannot be: a YAML mistake is reported under the key written on its line, else
    ``key`` (the file's top-level key), with ``advice`` after it."""
    text = read_text(path, problems, root=root, max_bytes=max_bytes)
    if text is None:
        return None
    try:
        return load(text)
    except YamlSyntaxError as e:
        problems.error(path, e.line, e.key or key, f"{e}; {advice}" if advice else str(e))
        return None
