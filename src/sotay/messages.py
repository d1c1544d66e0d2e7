"""What an editor reads when a file is wrong: every problem in plain Vietnamese.

The people who keep the data true are ministry and provincial staff, not programmers. A message
says what is wrong in their words, shows what they wrote, and says how to fix it; field paths
and ids stay as they are in the files (they are what the editor searches for). This module turns
the parser's and the schema's errors into such messages; the other stages write theirs directly.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel

if TYPE_CHECKING:
    from .load import PathKey, Source

# A number written with thousands separators, as Vietnamese write money: 250.000, 1.250.000.
_THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+$")

STAGES = {
    "validate": "kiểm tra dữ liệu",
    "render": "dựng trang",
    "write": "ghi trang vào handbook/",
    "site": "dựng trang web",
    "export": "xuất PDF",
    "epub": "đóng gói EPUB",
    "lock": "chờ lượt dựng",
    "export-xlsx": "xuất bảng tính",
    "import-xlsx": "nhập bảng tính",
}


def shown(value: Any) -> str:
    """A value as the editor wrote it, shortened."""
    if value is True or value is False:
        text = "true" if value else "false"
    elif value is None:
        text = "(để trống)"
    elif isinstance(value, str):
        text = f"'{value}'"
    else:
        text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


def whole_number(value: Any, raw: str | None) -> str:
    """Why a value is not a whole number, and how to write it."""
    text = raw if raw is not None else (value if isinstance(value, str) else None)
    if isinstance(text, str) and _THOUSANDS.match(text.strip()):
        digits = re.sub(r"[.,]", "", text.strip())
        return f"viết {digits}, không dùng dấu chấm hay dấu phẩy ngăn cách hàng nghìn (đã ghi {text})"
    if value is True or value is False:
        return f"cần một số nguyên, không phải {shown(value)}"
    return f"cần một số nguyên (như 5 hoặc 250000), đã ghi {raw if raw is not None else shown(value)}"


def suggestion(value: str, known: dict[str, str], list_all: bool = False) -> str:
    """ "; có phải 'tinh' (Cấp tỉnh)?" — by exact name, by closest id or name; else the list of ids.

    ``known`` maps each valid id to its name (or number, for legal documents).
    """
    by_name = {name.casefold(): ident for ident, name in known.items()}
    if value.casefold() in by_name:
        ident = by_name[value.casefold()]
        return f"; hãy ghi mã '{ident}' ({known[ident]})"
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    if not close:
        names = {name.casefold(): ident for ident, name in known.items()}
        close = [names[n] for n in difflib.get_close_matches(value.casefold(), list(names), n=1, cutoff=0.6)]
    if close:
        return f"; có phải '{close[0]}' ({known[close[0]]})?"
    if list_all:
        return "; các mã hợp lệ: " + ", ".join(f"{ident} ({name})" for ident, name in sorted(known.items()))
    return ""


def province_choices(provinces) -> list[tuple[str, str, list[str]]]:
    """What ``province_hint`` chooses from: each province's id, "tỉnh …" name and former provinces."""
    return [(province.id, f"{province.kind} {province.name}", list(province.merged_from)) for province in provinces]


def province_hint(value: str, provinces: list[tuple[str, str, list[str]]]) -> str:
    """ "; hãy ghi mã 'dong-thap' (Đồng Tháp)" for a name, an id in capitals or with a prefix, or a
    province merged since 01/7/2025; else the closest id, or the list of ids."""
    from .text import slugify

    wanted = slugify(value)
    for ident, name, _merged in provinces:
        if wanted == ident or wanted.endswith(f"-{ident}"):
            return f"; hãy ghi mã '{ident}' ({name})"
    for ident, name, merged in provinces:
        for old in merged:
            if slugify(old) == wanted:
                return f"; tỉnh {old} nay thuộc {name} (từ 01/7/2025): hãy ghi mã '{ident}'"
    return suggestion(value, {ident: name for ident, name, _ in provinces}, list_all=True)


def humanise(detail: dict[str, Any], source: Source, loc: PathKey, model: type[BaseModel], known_fields) -> str:
    """A pydantic error as the editor should read it."""
    kind = detail["type"]
    ctx = detail.get("ctx", {})
    value = detail.get("input")
    raw = source.raw_numbers.get(loc)
    if kind == "missing":
        return "thiếu trường bắt buộc"
    if kind == "extra_forbidden":
        unknown = str(loc[-1])
        known = known_fields(model, loc[:-1])
        guess = difflib.get_close_matches(unknown, known, n=1, cutoff=0.6)
        hint = f"; có phải '{guess[0]}'?" if guess else f"; các trường được phép ở đây: {', '.join(sorted(known))}"
        refusal = getattr(model, "refusal", None)
        if refusal and unknown in getattr(model, "national_fields", ()):
            allowed = ", ".join(sorted(known))
            return f"không ghi được '{unknown}' ở đây: {refusal}; các trường được phép ở đây: {allowed}"
        return f"trường '{unknown}' không có trong mẫu dữ liệu{hint}"
    if kind == "string_type":
        if raw is not None:
            return f'hãy viết trong dấu ngoặc kép: "{raw}" (không có ngoặc, YAML đọc {raw} thành số {value!r})'
        return f"cần một đoạn chữ, đã ghi {shown(value)}"
    if kind == "string_pattern_mismatch":
        return _pattern(ctx.get("pattern", ""), value)
    if kind in ("int_type", "int_parsing", "int_from_float", "whole_number"):
        return whole_number(value, raw)
    if kind == "greater_than_equal":
        return f"phải từ {ctx.get('ge')} trở lên, đã ghi {shown(value)}"
    if kind == "literal_error":
        return f"chỉ được ghi một trong các giá trị {_choices(ctx.get('expected', ''))}, đã ghi {shown(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"ghi true (có) hoặc false (không), đã ghi {shown(value)}"
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return f"cần ngày viết dạng NĂM-THÁNG-NGÀY (ví dụ 2025-06-12), đã ghi {shown(value)}"
    if kind == "list_type":
        if isinstance(value, str) and value.startswith("-"):
            return "sau dấu gạch đầu dòng '-' cần một dấu cách, ví dụ '- Cá nhân'"
        return f"cần một danh sách (mỗi mục một dòng bắt đầu bằng '- '), đã ghi {shown(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"cần một nhóm trường (các dòng 'tên: giá trị' thụt vào), đã ghi {shown(value)}"
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length')} mục"
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    return f"giá trị không hợp lệ ({detail['msg']}), đã ghi {shown(value)}"


def _choices(expected: str) -> str:
    return expected.replace(" or ", " hoặc ")


def _pattern(pattern: str, value: Any) -> str:
    from .schema import PHONE, PROCEDURE_CODE, SITE_URL, SLUG

    if pattern == PROCEDURE_CODE:
        return (
            f'{shown(value)} không phải mã thủ tục: ghi mã quốc gia (như "1.011937", chữ số thường) '
            "hoặc mã tạm (như tam-cap-giay-phep)"
        )
    if pattern == SLUG:
        return f"{shown(value)} không phải mã hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang"
    if pattern == SITE_URL:
        return (
            f"{shown(value)} không phải địa chỉ web đơn giản: ghi http(s)://, tên miền không dấu và đường dẫn "
            "gồm chữ, số, '-', '_', '.', '/' (như https://sotay.mic.gov.vn/)"
        )
    if pattern == PHONE:
        return (
            f"{shown(value)} không phải số điện thoại như sổ tay ghi: chỉ chữ số, dấu chấm và dấu cách "
            '(như "0273.3993889"; không ghi +84, dấu gạch hay dấu ngoặc)'
        )
    if "http" in pattern:
        return (
            f"{shown(value)} không phải địa chỉ web: ghi đủ địa chỉ, bắt đầu bằng http:// hoặc https:// rồi tên miền "
            "(như https://dichvucong.gov.vn/…), chép từ thanh địa chỉ của trình duyệt"
        )
    return f"{shown(value)} không đúng dạng quy định"


# --- YAML syntax ----------------------------------------------------------------------------------


def yaml_error(error: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The line and the plain meaning of a YAML syntax error: what the editor most likely did.

    ``text`` is the file as the editor wrote it (tabs included).
    """
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    problem = f"{error.context or ''} {error.problem or ''}"
    lines = text.split("\n")

    def at(number: int) -> str:
        return lines[number - 1] if 0 < number <= len(lines) else ""

    here, before = at(line), at(line - 1)
    if "\t" in here or "\t" in before or "tab" in problem:
        tabbed = line if "\t" in here else line - 1
        return tabbed, "dòng này có ký tự Tab: YAML chỉ nhận dấu cách để thụt lề, hãy thay Tab bằng dấu cách"
    if "mapping values are not allowed" in problem:
        if re.match(r"^\s*[\w-]+:\s", here) and before.strip() and ":" not in before:
            return line - 1, "thiếu dấu hai chấm sau tên trường (viết dạng 'tên: giá trị')"
        return line, (
            "có dấu hai chấm ': ' ở giữa giá trị: hãy đặt cả giá trị trong dấu ngoặc kép, "
            'ví dụ name: "Giấy phép: cấp mới"'
        )
    if "found unexpected end of stream" in problem and "quoted scalar" in problem:
        start = error.context_mark.line + 1 if error.context_mark else line
        return start, "dấu ngoặc kép mở ở dòng này chưa được đóng: thêm dấu \" (hoặc ') ở cuối giá trị"
    if "flow sequence" in problem:
        start = error.context_mark.line + 1 if error.context_mark else line
        return start, "danh sách trong ngoặc vuông [ … ] ở dòng này thiếu dấu phẩy giữa các mục hoặc thiếu dấu ]"
    if "flow mapping" in problem:
        start = error.context_mark.line + 1 if error.context_mark else line
        return start, "nhóm trong ngoặc nhọn { … } ở dòng này thiếu dấu phẩy hoặc thiếu dấu }"
    for number in (line, line - 1):
        if re.match(r"^\s*-[^\s-]", at(number)):
            return number, "sau dấu gạch đầu dòng '-' cần một dấu cách, ví dụ '- Cá nhân'"
    if "could not find expected ':'" in problem:
        return line, "thiếu dấu hai chấm sau tên trường (viết dạng 'tên: giá trị'), hoặc một giá trị bị xuống dòng"
    if "did not find expected key" in problem or "expected <block end>" in problem or "indicator" in problem:
        return line, "thụt lề không khớp với các dòng phía trên: các trường cùng nhóm phải thẳng cột với nhau"
    if "cannot start any token" in problem:
        return line, "giá trị bắt đầu bằng ký tự đặc biệt (như @, `, %): hãy đặt cả giá trị trong dấu ngoặc kép"
    return line, "lỗi cú pháp YAML ở dòng này: kiểm tra thụt lề, dấu hai chấm và dấu ngoặc"
