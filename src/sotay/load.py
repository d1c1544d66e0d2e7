"""Stage 1 — load: read the YAML files of the dataset into plain data with a line for every value.

This module knows YAML and nothing else. It turns the traps that PyYAML lets through
silently (duplicate keys, codes written as numbers, NFD text pasted from Word) into located
problems or normalised values, and leaves the schema to ``validate``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .text import format_number

# libyaml's parser is several times faster on a large dataset; the constructor stays Python.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]

# The folders of record files, each holding one record per file; the file name is the id.
RECORD_FOLDERS = ("procedures", "tasks", "legal", "retired", "provinces")
# Small top-level files, each holding one mapping; the optional ones may be absent.
TOP_LEVEL_FILES = ("handbook", "fields", "levels", "vocabulary", "provinces")
OPTIONAL_FILES = ("vocabulary", "provinces")

_MERGE_TAG = "tag:yaml.org,2002:merge"

# Limits that keep a broken or hostile file from knocking the reader over. A record is a few
# kilobytes, nested five or six levels deep; aliases (*name) re-use a value, and a few hundred
# bytes of aliases of aliases would otherwise expand to billions of values.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_VALUES = 100_000

# Line breaks YAML keeps inside a value that Markdown would also read as line breaks; they are
# made plain "\n", which every output then handles. Other control characters are refused.
_LINE_BREAKS = re.compile("\r\n|[\r\u0085\u2028\u2029]")
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_ALIAS_LOOP = "một bí danh (*tên) trỏ vào chính giá trị chứa nó (vòng lặp)"


class _Unreadable(Exception):
    """A structure the reader refuses (an alias loop, too many values): one located problem."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# The dataset places tone marks the traditional way, as official documents do: "hòa", "thủy",
# "khỏe". The other convention ("hoà", "thuỷ", "khoẻ") is a different string to search and to
# compare, so the loader warns about it. Only open syllables differ: in "hoàn" both agree; "qu"
# is a consonant ("quý").
_NEW_STYLE_TONE = re.compile(r"(?<![qQ])([oO][àáảãạÀÁẢÃẠ]|[oO][èéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass
class Source:
    """One YAML file: its data, the line of every value in it, and the raw text of numbers."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    # The text of each plain scalar that YAML turned into a number, so that an unquoted
    # code can be reported as the editor wrote it ("1.010000"), not as YAML read it (1.01).
    raw_numbers: dict[PathKey, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return Path(self.file).name.removesuffix(".yaml")

    def line_of(self, path: PathKey) -> int:
        """The line of the value at ``path``, or of its nearest located parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


@dataclass
class RawDataset:
    """Everything read from a data folder, before any schema check."""

    root: Path
    top: dict[str, Source | None]
    records: dict[str, list[Source]]
    # The ids (file names) of every record file, including those that failed to parse, so a
    # reference to a broken file is not reported a second time as "unknown".
    present: dict[str, set[str]]
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)


def format_path(path: PathKey) -> str:
    """``("steps", 2, "time")`` → ``steps[2].time``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def display_name(path: Path) -> str:
    """A path as the editor would type it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_dataset(root: Path) -> RawDataset:
    """Read every data file under ``root``; problems are collected, never raised."""
    problems: list[Problem] = []
    if not root.is_dir():
        problem = Problem(
            display_name(root), 0, "", "không có thư mục dữ liệu ở đây: hãy chỉ đến thư mục chứa handbook.yaml"
        )
        records = {folder: [] for folder in RECORD_FOLDERS}
        present = {folder: set() for folder in RECORD_FOLDERS}
        return RawDataset(root, dict.fromkeys(TOP_LEVEL_FILES), records, present, [problem])
    top: dict[str, Source | None] = {}
    for name in TOP_LEVEL_FILES:
        path = root / f"{name}.yaml"
        if not path.is_file():
            if name not in OPTIONAL_FILES:
                problems.append(Problem(display_name(path), 1, "", "thiếu tệp bắt buộc"))
            top[name] = None
            continue
        top[name] = load_file(path, problems)

    records: dict[str, list[Source]] = {}
    present: dict[str, set[str]] = {}
    for folder in RECORD_FOLDERS:
        directory = root / folder
        sources = []
        present[folder] = set()
        for path in sorted(directory.iterdir()) if directory.is_dir() else []:
            if path.name.startswith("."):
                continue  # editor swap files, .gitkeep
            if path.suffix != ".yaml" or not path.is_file():
                problems.append(
                    Problem(display_name(path), 1, "", "không phải tệp dữ liệu: tệp hồ sơ phải có đuôi .yaml")
                )
                continue
            present[folder].add(path.stem)
            source = load_file(path, problems)
            if source is not None:
                sources.append(source)
        records[folder] = sources
    sources = [source for source in top.values() if source] + [s for group in records.values() for s in group]
    warnings = [warning for source in sources for warning in source.warnings]
    return RawDataset(root=root, top=top, records=records, present=present, problems=problems, warnings=warnings)


def load_file(path: Path, problems: list[Problem]) -> Source | None:
    """Parse one file; on failure add a located problem and return None."""
    name = display_name(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        problems.append(
            Problem(name, 1, "", f"tệp lớn hơn {format_number(MAX_FILE_BYTES)} byte: mỗi tệp chỉ ghi một hồ sơ")
        )
        return None
    raw = path.read_bytes()
    text = _decode(raw, name, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem(name, 1, "", "tệp trống"))
        return None
    written, text = text, _expand_leading_tabs(text)
    loader = _BaseLoader(text)
    try:
        source = Source(file=name, data=None)
        if not _structure_is_safe(text, source, problems):
            return None
        node = loader.get_single_node()
        if node is None:
            problems.append(Problem(name, 1, "", "tệp không có dữ liệu (chỉ có dòng chú thích?)"))
            return None
        source.data = _to_python(node, (), source, loader, problems, _Walk())
        return source
    except _Unreadable as error:
        problems.append(Problem(name, error.line, "", error.message))
        return None
    except yaml.MarkedYAMLError as error:
        from .messages import yaml_error

        line, message = yaml_error(error, written)
        problems.append(Problem(name, line, "", message))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(name, 1, "", f"lỗi YAML: {error}"))
        return None
    finally:
        loader.dispose()


def _decode(raw: bytes, name: str, problems: list[Problem]) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(name, 1, "", "tệp được lưu theo bảng mã UTF-16: hãy lưu lại theo UTF-8"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        problems.append(
            Problem(name, line, "", f"tệp không theo bảng mã UTF-8 (byte 0x{byte:02X}): hãy lưu lại theo UTF-8")
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _expand_leading_tabs(text: str) -> str:
    """YAML forbids tabs in indentation; editors insert them anyway, so read one as 4 spaces."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent:
            lines[index] = indent.expandtabs(4) + stripped
    return "\n".join(lines)


def _structure_is_safe(text: str, source: Source, problems: list[Problem]) -> bool:
    """Refuse nesting deeper than MAX_DEPTH (before the composer recurses into it); warn of aliases.

    Only files that could hold either are scanned: any depth needs indentation or brackets.
    """
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.split("\n")), default=0)
    if "&" not in text and "*" not in text and 2 * indent + text.count("[") + text.count("{") + 2 < MAX_DEPTH:
        return True
    open_anchors: list[str | None] = []  # of the collections being read, innermost last
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            open_anchors.append(event.anchor)
            if len(open_anchors) > MAX_DEPTH:
                line = event.start_mark.line + 1
                problems.append(Problem(source.file, line, "", f"các giá trị lồng nhau quá {MAX_DEPTH} cấp"))
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            open_anchors.pop()
        elif isinstance(event, yaml.AliasEvent) and event.anchor in open_anchors:
            line = event.start_mark.line + 1
            problems.append(Problem(source.file, line, "", _ALIAS_LOOP))
            return False
        elif isinstance(event, yaml.AliasEvent):
            source.warnings.append(
                Problem(
                    source.file,
                    event.start_mark.line + 1,
                    "",
                    f"bí danh *{event.anchor} lặp lại giá trị đánh dấu &{event.anchor}: hãy ghi đầy đủ giá trị "
                    "(với bí danh, sửa một chỗ sẽ âm thầm sửa cả chỗ kia)",
                )
            )
    return True


class _Walk:
    """What the walk over one file's nodes has seen: values so far, collections being expanded."""

    def __init__(self) -> None:
        self.values = 0
        self.open: set[int] = set()

    def enter(self, node: yaml.Node) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Unreadable(
                node.start_mark.line + 1,
                f"quá {format_number(MAX_VALUES)} giá trị khi triển khai các bí danh (*tên)",
            )
        if id(node) in self.open:
            raise _Unreadable(node.start_mark.line + 1, _ALIAS_LOOP)


def _to_python(
    node: yaml.Node, path: PathKey, source: Source, loader: Any, problems: list[Problem], walk: _Walk
) -> Any:
    walk.enter(node)
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        walk.open.add(id(node))
        try:
            return _collection(node, path, source, loader, problems, walk)
        finally:
            walk.open.discard(id(node))
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as error:
        # YAML reads 2025-02-30 as a date and fails to make one.
        what = "ngày" if node.tag.endswith(":timestamp") else "giá trị"
        message = f"'{node.value}' không phải {what} có thật ({_why(error)})"
        problems.append(Problem(source.file, node.start_mark.line + 1, format_path(path), message))
        return node.value
    if isinstance(value, str):
        return _text(value, node, path, source, problems)
    # A plain (unquoted) scalar has no style; libyaml reports it as "", the Python parser as None.
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not node.style:
        source.raw_numbers[path] = node.value
    return value


def _text(value: str, node: yaml.Node, path: PathKey, source: Source, problems: list[Problem]) -> str:
    return clean_text(value, source, node.start_mark.line + 1, path, problems)


def clean_text(value: str, source: Source, line: int, path: PathKey, problems: list[Problem]) -> str:
    """NFC, plain line breaks; hidden control characters refused, other traps warned about.

    Shared by every way text comes in (a YAML file, a spreadsheet cell)."""
    value = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", value))
    for control in sorted(set(_CONTROL_CHARACTER.findall(value))):
        problems.append(
            Problem(source.file, line, format_path(path), f"có ký tự điều khiển ẩn U+{ord(control):04X}: hãy xóa nó")
        )
    for pattern, message in _TEXT_WARNINGS:
        for found in dict.fromkeys(pattern.findall(value)):  # once per value, in order of appearance
            source.warnings.append(Problem(source.file, line, format_path(path), message(found)))
    return value


def _collection(
    node: yaml.Node, path: PathKey, source: Source, loader: Any, problems: list[Problem], walk: _Walk
) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE_TAG:
                problems.append(
                    Problem(
                        source.file,
                        line,
                        format_path(path) or "<<",
                        "không dùng khóa gộp (<<) của YAML: hãy ghi đầy đủ các trường",
                    )
                )
                continue
            try:
                key = loader.construct_object(key_node, deep=True)
            except (ValueError, OverflowError):
                key = key_node.value
            if not isinstance(key, str):
                problems.append(
                    Problem(
                        source.file,
                        line,
                        format_path(path),
                        f"khóa {key_node.value!r} phải là tên trường (chữ), "
                        f"YAML đọc nó thành {_KINDS.get(type(key), 'giá trị khác')}",
                    )
                )
                continue
            key = unicodedata.normalize("NFC", key)
            if key in result:
                problems.append(
                    Problem(
                        source.file,
                        line,
                        format_path(path + (key,)),
                        f"trường '{key}' được ghi hai lần (lần đầu ở dòng {first_line[key]}); "
                        "mỗi trường chỉ ghi một lần",
                    )
                )
                continue
            first_line[key] = line
            source.lines[path + (key,)] = line
            result[key] = _to_python(value_node, path + (key,), source, loader, problems, walk)
        return result
    return [_to_python(item, path + (i,), source, loader, problems, walk) for i, item in enumerate(node.value)]


# Text that loads but deserves the editor's attention: (pattern, message for the match).
# Characters that look like a space or like nothing (pasted from Word, PDF or the web): a search
# for "Sở Khoa học" does not find "Sở\u00a0Khoa học", and two texts that look equal compare unequal.
_INVISIBLE = re.compile("[\u00a0\u202f\u200b\u200c\u200d\u2060\ufeff]")
_INVISIBLE_NAMES = {"\u00a0": "dấu cách không ngắt", "\u202f": "dấu cách hẹp không ngắt"}

_TEXT_WARNINGS = [
    (
        _BIDI_CONTROL,
        lambda char: (
            f"có ký tự điều khiển hướng chữ ẩn U+{ord(char):04X} (chép từ nơi khác?); trang sẽ in thành "
            f"[U+{ord(char):04X}] — hãy xóa nó"
        ),
    ),
    (
        _INVISIBLE,
        lambda char: (
            f"có ký tự ẩn U+{ord(char):04X} ({_INVISIBLE_NAMES.get(char, 'ký tự không độ rộng')}, chép từ nơi "
            "khác?): trông như dấu cách hoặc không thấy gì nhưng tìm kiếm và so sánh không khớp; hãy thay bằng "
            "dấu cách thường hoặc xóa"
        ),
    ),
    (
        _NEW_STYLE_TONE,
        lambda pair: f"dấu thanh đặt theo kiểu mới ở '{pair}'; sổ tay viết '{_traditional(pair)}' (xem data/README.md)",
    ),
]


# What YAML made of a value, in the editor's words.
_KINDS = {int: "số", float: "số thập phân", bool: "true/false", list: "danh sách", dict: "nhóm trường"}

# Python's words for an impossible date, in the editor's.
_WHY = {
    "day is out of range for month": "ngày không có trong tháng đó",
    "month must be in 1..12": "tháng phải từ 1 đến 12",
}


def _why(error: Exception) -> str:
    return _WHY.get(str(error), str(error))


def _traditional(pair: str) -> str:
    """'oà' → 'òa': move the tone mark from the second vowel to the first."""
    first, second = unicodedata.normalize("NFD", pair[0]), unicodedata.normalize("NFD", pair[1:])
    tone = "".join(char for char in second if char in _TONE_MARKS)
    bare = "".join(char for char in second if char not in _TONE_MARKS)
    return unicodedata.normalize("NFC", first + tone + bare)
