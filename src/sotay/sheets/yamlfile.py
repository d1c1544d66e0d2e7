"""Change a record file in place, keeping everything the editor did not change byte for byte.

ruamel.yaml reads a file with its comments, quotes, flow mappings and indentation, and writes it
back the same; only the values that differ are replaced, and lists are matched item by item, so
one edited cell in a spreadsheet is one changed line in the file (and one line in ``git diff``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from difflib import SequenceMatcher
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

# "key:\n  - item": how far the dash of a list item sits under its key, and its own indent.
_SEQUENCE = re.compile(r"^( *)\S[^\n]*:\n( *)- ", re.MULTILINE)


def yaml_like(text: str) -> YAML:
    """A round-trip YAML configured with the indentation ``text`` already uses."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    yaml.width = 4096  # never fold a long line: a folded line is a change the editor did not make
    match = _SEQUENCE.search(text)
    offset = len(match.group(2)) - len(match.group(1)) if match else 2
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def updated_text(text: str, new: dict) -> str:
    """``text`` (a record file) with its data made equal to ``new``, changing as little as possible."""
    yaml = yaml_like(text)
    document = yaml.load(text)
    _merge_mapping(document, new)
    return _dump(yaml, document)


def new_text(data: dict, like: str | None) -> str:
    """A new record file, indented like ``like`` (another file of its folder)."""
    yaml = yaml_like(like or "")
    return _dump(yaml, _node(data, flow=False))


def plain(value: Any) -> Any:
    """ruamel's types as plain Python, for comparing."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _dump(yaml: YAML, document: Any) -> str:
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def _merge_mapping(target: CommentedMap, new: dict) -> None:
    for key in [key for key in target if key not in new]:
        del target[key]
    for position, (key, value) in enumerate(new.items()):
        if key not in target:
            target.insert(position, key, _node(value, _is_flow(target)))
            continue
        old = target[key]
        if plain(old) == value:
            continue
        if isinstance(old, dict) and isinstance(value, dict):
            _merge_mapping(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            _merge_sequence(old, value)
        else:
            flow = _is_flow(target)
            target[key] = _scalar_like(old, value, flow) if not isinstance(value, (dict, list)) else _node(value, flow)


def _merge_sequence(target: CommentedSeq, new: list) -> None:
    """Match the old items to the new ones; change, add and remove only what differs."""
    old_keys = [_key(item) for item in target]
    new_keys = [_key(item) for item in new]
    flow = bool(target) and _is_flow(target[0])
    opcodes = SequenceMatcher(a=old_keys, b=new_keys, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(opcodes):  # from the end, so earlier indices stay valid
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                old, value = target[i1 + offset], new[j1 + offset]
                if isinstance(old, dict) and isinstance(value, dict):
                    _merge_mapping(old, value)
                else:
                    target[i1 + offset] = _node(value, flow)
            continue
        del target[i1:i2]
        for offset, value in enumerate(new[j1:j2]):
            target.insert(i1 + offset, _node(value, flow))


def _node(value: Any, flow: bool) -> Any:
    """A new value for the document, in the style of its neighbours (flow ``{…}`` or block)."""
    if isinstance(value, dict):
        mapping = CommentedMap((key, _node(item, flow)) for key, item in value.items())
        if flow:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(_node(item, flow) for item in value)
        if flow:
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, str) and "\n" in value:
        return DoubleQuotedScalarString(value) if flow else LiteralScalarString(value)
    return value


def _scalar_like(old: Any, value: Any, flow: bool) -> Any:
    if isinstance(value, str) and "\n" in value:
        return DoubleQuotedScalarString(value) if flow else LiteralScalarString(value)
    if isinstance(value, str) and type(old) is not str and isinstance(old, str):
        return type(old)(value)  # keep the quotes the file used
    return value


def _is_flow(node: Any) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and bool(node.fa.flow_style())


def _key(value: Any) -> str:
    return json.dumps(plain(value), sort_keys=True, ensure_ascii=False, default=str)
