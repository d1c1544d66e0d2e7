"""Stage 2b — rules: what a record says must hold together, beyond its schema and references.

A printed deadline is a promise to a citizen: the steps of a procedure must fit in its legal
deadline (a sub-deadline, such as asking for missing documents, is not a step of the main
timeline); a procedure the central level decides must not send the dossier to a provincial
desk; renamed and retired codes must point at what replaced them. A record that has a reason to
break the first two rules says it in ``steps_note``.
"""

from __future__ import annotations

from .errors import Problem
from .load import PathKey, Source, format_path
from .schema import LegalDocument, Procedure, Retired

# The level whose procedures a ministry's own bodies decide (levels.yaml).
CENTRAL_LEVEL = "trung-uong"
# Words that name a provincial one-stop desk in a step's actor.
_PROVINCIAL_DESK = ("phục vụ hành chính công", "một cửa cấp tỉnh")


def check_rules(
    procedures: list[tuple[Source, Procedure]],
    retired: list[tuple[Source, Retired]],
    legal: dict[str, LegalDocument],
    present: set[str],
    problems: list[Problem],
) -> None:
    """``present``: the procedure files there are, valid or not (a broken one is reported once)."""
    live = present
    for source, procedure in procedures:
        if not procedure.steps_note:
            _check_timeline(source, procedure, problems)
            _check_central_desk(source, procedure, problems)
    _check_old_codes(procedures, retired, live, legal, problems)


def _check_timeline(source: Source, procedure: Procedure, problems: list[Problem]) -> None:
    """The working days of the steps must fit in every channel's deadline in working days."""
    timed = [step.time for step in procedure.steps if step.time is not None]
    if not timed or any(time.unit != "working_day" for time in timed):
        return  # no times, or units that do not add up
    total = sum(time.value for time in timed)
    for index, channel in enumerate(procedure.channels):
        deadline = channel.time.value
        if channel.time.unit == "working_day" and deadline is not None and total > deadline:
            problems.append(
                _at(
                    source,
                    ("steps",),
                    f"các bước cộng lại {total} ngày làm việc, vượt thời hạn giải quyết {channel.time.value} ngày "
                    f"làm việc ở channels[{index}].time; thời hạn con (như thông báo bổ sung hồ sơ) ghi ở "
                    "channels[].sub_deadlines, không ghi vào một bước; nếu các bước đúng, ghi lý do ở steps_note",
                )
            )
            return


def _check_central_desk(source: Source, procedure: Procedure, problems: list[Problem]) -> None:
    if procedure.level != CENTRAL_LEVEL:
        return
    for index, step in enumerate(procedure.steps):
        if any(words in step.actor.lower() for words in _PROVINCIAL_DESK):
            problems.append(
                _at(
                    source,
                    ("steps", index, "actor"),
                    f"thủ tục cấp trung ương: hồ sơ nộp tại {procedure.authority.receiving!r}, không qua bộ phận "
                    "một cửa cấp tỉnh; hãy sửa bước này, hoặc ghi lý do ở steps_note",
                )
            )


def _check_old_codes(
    procedures: list[tuple[Source, Procedure]],
    retired: list[tuple[Source, Retired]],
    live: set[str],
    legal: dict[str, LegalDocument],
    problems: list[Problem],
) -> None:
    """An old code answers once: as a redirect (``replaces``) or as a retired page, never as a live record."""
    retired_codes = {record.code for _source, record in retired}
    seen: dict[str, str] = {}
    checked: set[str] = set()
    for source, procedure in procedures:
        if procedure.code in checked:
            continue  # a second file with the same code: reported already
        checked.add(procedure.code)
        for index, old in enumerate(procedure.replaces):
            path = ("replaces", index)
            if old in live:
                problems.append(_at(source, path, f"'{old}' vẫn là một thủ tục riêng: hãy xóa tệp của nó trước"))
            elif old in retired_codes:
                problems.append(_at(source, path, f"'{old}' đã có trang trong data/retired/: chỉ ghi ở một nơi"))
            elif old in seen:
                problems.append(_at(source, path, f"'{old}' đã được thay bằng {seen[old]}"))
            seen[old] = procedure.code
    for source, record in retired:
        if record.code in live:
            problems.append(_at(source, ("code",), f"'{record.code}' vẫn còn là thủ tục trong data/procedures/"))
        for index, code in enumerate(record.replaced_by):
            if code not in live:
                problems.append(
                    _at(source, ("replaced_by", index), f"không có thủ tục '{code}' trong data/procedures/")
                )
        for index, ref in enumerate(record.legal_basis):
            if ref.document not in legal:
                problems.append(
                    _at(
                        source,
                        ("legal_basis", index, "document"),
                        f"không có văn bản '{ref.document}' trong data/legal/",
                    )
                )


def _at(source: Source, path: PathKey, message: str) -> Problem:
    return Problem(source.file, source.line_of(path), format_path(path), message)
