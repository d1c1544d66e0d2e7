"""What changed between two editions: record by record, field by field, worded as the pages word it.

Both sides are snapshots (``snapshot.py``), so quoting, key order, NFC/NFD and YAML style never
count. Lists are matched by what identifies their items, not by position: a channel by its
method, a fee by its kind and name, a dossier group by its title and a document by its name
within it, a legal basis by its document; lists of plain text as sets. Only the steps are a
sequence (their order is the procedure). A renamed code is what the data declares (``replaces``),
never guessed from names. The review date is not a change readers need; everything else is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from . import addresses
from .schema import Channel, Dossier, LegalRef, Procedure, Retired, Task
from .text import format_date, format_duration, format_money
from .views.wording import (
    FEE_NAMES,
    METHOD_NAMES,
    ONLINE_NAMES,
    REVIEW_NAMES,
    TRANSFER_NAMES,
    deadline_text,
    fees_text,
)

RETIRED_NAMES = {"bai-bo": "bị bãi bỏ", "chuyen-co-quan-khac": "chuyển sang cơ quan khác", "hop-nhat": "hợp nhất"}
STATUS_NAMES = {
    "new": "mới",
    "changed": "sửa đổi",
    "renamed": "đổi mã",
    "retired": "không còn áp dụng",
    "removed": "bỏ khỏi sổ tay",
}
KIND_NAMES = {"procedure": "thủ tục", "task": "nhiệm vụ", "legal": "văn bản"}
GUIDANCE_NAMES = {
    "purpose": "Mục đích",
    "who": "Ai làm gì",
    "steps": "Các bước",
    "checklist": "Điểm cần kiểm tra",
    "violations": "Vi phạm thường gặp",
    "coordination": "Phối hợp",
    "reporting": "Báo cáo",
    "mistakes": "Sai sót thường gặp",
    "questions": "Hỏi đáp",
    "sources": "Nguồn",
    "receiving_checks": "Kiểm tra khi tiếp nhận",
    "appraisal_checks": "Kiểm tra khi thẩm định",
    "return_reasons": "Lý do hay trả hồ sơ",
    "desk_notes": "Lưu ý cho Bộ phận Một cửa",
}
_NOTHING = "(không ghi)"
GUIDANCE_SECTION = addresses.GUIDANCE_SECTION


@dataclass(frozen=True)
class Change:
    """One changed field: ``what`` it is, its value before and after as the pages print them."""

    what: str
    before: str | None  # None: added
    after: str | None  # None: removed
    section: str | None = None  # the anchor of the record page's section that shows it

    def __str__(self) -> str:
        return f"{self.what}: {self.value}"

    @property
    def value(self) -> str:
        """What happened to the value: ``thêm …``, ``bỏ …`` or ``15 → 10 ngày làm việc``."""
        if self.before is None:
            return f"thêm {self.after}"
        if self.after is None:
            return f"bỏ {self.before}"
        return _arrow(self.before, self.after)


@dataclass(frozen=True)
class RecordChange:
    kind: str  # "procedure", "task", "legal"
    id: str  # the current id (the old one for a record no longer in the handbook)
    name: str
    status: str  # a key of STATUS_NAMES
    old_ids: tuple[str, ...] = ()  # renamed from
    note: str = ""  # what happened to a retired record
    changes: tuple[Change, ...] = ()

    @property
    def title(self) -> str:
        """``1.000173 – Cấp chứng chỉ… (sửa đổi)``: provisional ids are not shown, as on the pages."""
        status = STATUS_NAMES[self.status]
        if self.old_ids:
            status += ", trước đây " + ", ".join(self.old_ids)
        code = f"{self.id} – " if self.kind == "procedure" and not self.id.startswith("tam-") else ""
        return f"{code}{self.name} ({status})"

    @property
    def heading(self) -> str:
        return f"{KIND_NAMES[self.kind].capitalize()} {self.title}"


@dataclass(frozen=True)
class EditionChanges:
    old_edition: dt.date
    new_edition: dt.date
    records: tuple[RecordChange, ...]
    _index: dict[tuple[str, str], RecordChange] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({(record.kind, record.id): record for record in self.records})

    def of(self, kind: str, ident: str) -> RecordChange | None:
        return self._index.get((kind, ident))

    def counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for record in self.records:
            per_kind = counts.setdefault(record.kind, {})
            per_kind[record.status] = per_kind.get(record.status, 0) + 1
        return counts

    def summary(self) -> str:
        """``3 thủ tục mới, 12 sửa đổi, 6 không còn áp dụng; 1 nhiệm vụ sửa đổi``."""
        parts = []
        for kind, per_kind in sorted(self.counts().items(), key=lambda item: list(KIND_NAMES).index(item[0])):
            words = [(per_kind[status], STATUS_NAMES[status]) for status in STATUS_NAMES if status in per_kind]
            first = f"{words[0][0]} {KIND_NAMES[kind]} {words[0][1]}"
            parts.append(", ".join([first, *(f"{number} {name}" for number, name in words[1:])]))
        return "; ".join(parts) if parts else "không có thay đổi"

    def lines(self) -> list[str]:
        lines = [f"So với ấn bản {format_date(self.old_edition)}: {self.summary()}"]
        for record in self.records:
            lines.append(record.heading)
            lines += [f"  {record.note}"] if record.note else []
            lines += [f"  {change}" for change in record.changes]
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "old_edition": self.old_edition.isoformat(),
            "new_edition": self.new_edition.isoformat(),
            "summary": self.summary(),
            "counts": self.counts(),
            "records": [
                {
                    "kind": r.kind,
                    "id": r.id,
                    "name": r.name,
                    "status": r.status,
                    "old_ids": list(r.old_ids),
                    "note": r.note,
                    "changes": [
                        {"what": c.what, "before": c.before, "after": c.after, "section": c.section, "text": str(c)}
                        for c in r.changes
                    ],
                }
                for r in self.records
            ],
        }


def compare(old: dict[str, Any], new: dict[str, Any]) -> EditionChanges:
    """The changes from snapshot ``old`` to snapshot ``new``."""
    return _Comparison(old, new).run()


class _Comparison:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = old, new
        self.names = {
            "field": {**_names(old["fields"]), **_names(new["fields"])},
            "level": {**_names(old["levels"]), **_names(new["levels"])},
            "legal": {
                **{d["id"]: d["number"] for d in old.get("legal", [])},
                **{d["id"]: d["number"] for d in new.get("legal", [])},
            },
        }
        self.field_order = [f["id"] for f in new["fields"]] + [f["id"] for f in old["fields"]]

    def run(self) -> EditionChanges:
        records = [*self.procedures(), *self.tasks(), *self.legal()]
        return EditionChanges(
            dt.date.fromisoformat(self.old["edition"]), dt.date.fromisoformat(self.new["edition"]), tuple(records)
        )

    # --- procedures -----------------------------------------------------------------------

    def procedures(self) -> list[RecordChange]:
        old = {r["code"]: Procedure.model_validate(r) for r in self.old["procedures"]}
        new = {r["code"]: Procedure.model_validate(r) for r in self.new["procedures"]}
        retired = {r["code"]: Retired.model_validate(r) for r in self.new.get("retired", [])}
        gone = set(old) - set(new)
        replaced = {code: p for p in new.values() for code in p.replaces if code in gone}
        found: list[tuple[Procedure, RecordChange]] = []
        for code, procedure in new.items():
            olds = tuple(c for c in procedure.replaces if c in gone)
            if code in old:
                changes = self.procedure(old[code], procedure)
                if changes:
                    found.append(
                        (procedure, RecordChange("procedure", code, procedure.name, "changed", (), "", changes))
                    )
            elif olds:
                changes = self.procedure(old[olds[0]], procedure)
                found.append((procedure, RecordChange("procedure", code, procedure.name, "renamed", olds, "", changes)))
            else:
                found.append((procedure, RecordChange("procedure", code, procedure.name, "new")))
        for code in sorted(gone):
            procedure = old[code]
            if code in replaced and replaced[code].code in old:  # merged into a procedure already there
                note = f"gộp vào thủ tục {replaced[code].code} – {replaced[code].name}"
                found.append((procedure, RecordChange("procedure", code, procedure.name, "retired", (), note)))
            elif code in replaced:
                continue  # reported as the new code's rename
            elif code in retired:
                found.append(
                    (procedure, RecordChange("procedure", code, procedure.name, "retired", (), _fate(retired[code])))
                )
            else:
                found.append((procedure, RecordChange("procedure", code, procedure.name, "removed")))
        found.sort(key=lambda pair: self.book_order(pair[0]))
        return [record for _, record in found]

    def book_order(self, procedure: Procedure) -> tuple[int, bool, str]:
        return (self.field_order.index(procedure.field), procedure.code.startswith("tam-"), procedure.code)

    def procedure(self, a: Procedure, b: Procedure) -> tuple[Change, ...]:
        d = _Diff()
        s = {section.letter: section.anchor for section in addresses.SECTIONS}
        d.scalar("Tên thủ tục", a.name, b.name)
        d.scalar("Lĩnh vực", self.names["field"].get(a.field, a.field), self.names["field"].get(b.field, b.field))
        d.scalar("Cấp thực hiện", self.names["level"].get(a.level), self.names["level"].get(b.level), s["e"])
        d.scalar("Loại thủ tục", a.procedure_type, b.procedure_type)
        d.scalar("Quyết định công bố", a.decision, b.decision)
        d.scalar("Dịch vụ công trực tuyến", ONLINE_NAMES[a.online_service], ONLINE_NAMES[b.online_service])
        d.scalar("Cơ quan có thẩm quyền", a.authority.competent, b.authority.competent, s["e"])
        d.texts("Cơ quan thực hiện", a.authority.implementing, b.authority.implementing, s["e"])
        d.scalar("Nơi tiếp nhận hồ sơ", a.authority.receiving, b.authority.receiving, s["e"])
        d.texts("Cơ quan được ủy quyền", a.authority.delegated, b.authority.delegated, s["e"])
        d.texts("Cơ quan phối hợp", a.authority.coordinating, b.authority.coordinating, s["e"])
        d.scalar("Chuyển giao thẩm quyền", self.transfer(a), self.transfer(b))
        d.steps("Trình tự thực hiện", a.steps, b.steps, s["a"])
        d.scalar("Ghi chú về trình tự", a.steps_note, b.steps_note, s["a"])
        self.channels(d, a.channels, b.channels, s)
        self.dossier(d, a.dossier, b.dossier, s)
        d.texts("Đối tượng thực hiện", a.applicants, b.applicants, s["đ"])
        d.texts("Kết quả thực hiện", a.results, b.results, s["g"])
        d.texts("Yêu cầu, điều kiện", a.conditions, b.conditions, s["k"])
        self.legal_basis(d, a.legal_basis, b.legal_basis)
        d.texts("Thủ tục liên quan", a.related, b.related, addresses.RELATED_SECTION)
        d.texts("Từ khóa tìm kiếm", a.keywords, b.keywords)
        d.texts("Nguồn", a.sources, b.sources, addresses.SOURCES_SECTION)
        d.scalar("Tình trạng rà soát", REVIEW_NAMES[a.review.status], REVIEW_NAMES[b.review.status])
        d.scalar("Ghi chú rà soát", a.review.note, b.review.note)
        _guidance(d, a.guidance, b.guidance)
        return tuple(d.changes)

    def transfer(self, procedure: Procedure) -> str | None:
        t = procedure.transfer
        if t is None:
            return None
        return f"{TRANSFER_NAMES[t.type]} từ {t.from_authority} ({self.reference(t.basis)})"

    def reference(self, ref: LegalRef) -> str:
        number = self.names["legal"].get(ref.document, ref.document)
        return f"{number}, {ref.article}" if ref.article else number

    def channels(self, d: _Diff, before: Iterable[Channel], after: Iterable[Channel], s: dict[str, str]) -> None:
        def matched(a: Channel, b: Channel) -> None:
            how = f"({METHOD_NAMES[b.method].lower()})"
            d.scalar(f"Thời hạn giải quyết {how}", deadline_text(a), deadline_text(b), s["d"])
            d.texts(f"Thời hạn con {how}", _sub_deadlines(a), _sub_deadlines(b), s["d"])
            if a.fees and b.fees:

                def fee(x, y) -> None:
                    what = f"Phí, lệ phí {how} – {y.name or FEE_NAMES[y.kind]}"
                    d.scalar(what, _money(x.amount), _money(y.amount), s["h"])
                    d.scalar(f"{what}: ghi chú", x.note, y.note, s["h"])

                d.keyed(f"Phí, lệ phí {how}", a.fees, b.fees, lambda f: (f.kind, f.name), _fee_name, fee, s["h"])
            else:
                d.scalar(f"Phí, lệ phí {how}", "; ".join(fees_text(a)), "; ".join(fees_text(b)), s["h"])
            d.scalar(f"Ghi chú {how}", a.note, b.note, s["b"])

        d.keyed("Cách thức thực hiện", before, after, lambda c: c.method, _channel_name, matched, s["b"])

    def dossier(self, d: _Diff, a: Dossier, b: Dossier, s: dict[str, str]) -> None:
        d.scalar("Số bộ hồ sơ", _number(a.sets), _number(b.sets), s["c"])
        d.scalar("Ghi chú về hồ sơ", a.note, b.note, s["c"])
        several = len(a.cases) > 1 or len(b.cases) > 1

        def documents(x, y) -> None:
            what = f"Thành phần hồ sơ ({y.case})" if several else "Thành phần hồ sơ"

            def document(p, q) -> None:
                d.scalar(f"{what} – {q.name}: số bản chính", str(p.originals), str(q.originals), s["c"])
                d.scalar(f"{what} – {q.name}: số bản sao", str(p.copies), str(q.copies), s["c"])
                d.scalar(f"{what} – {q.name}: ghi chú", p.note, q.note, s["c"])
                d.scalar(f"Mẫu đơn, tờ khai – {q.name}", _form(p.form), _form(q.form), s["i"])

            d.keyed(what, x.documents, y.documents, lambda doc: doc.name, lambda doc: f"'{doc.name}'", document, s["c"])

        d.keyed("Thành phần hồ sơ", a.cases, b.cases, lambda c: c.case, lambda c: f"nhóm '{c.case}'", documents, s["c"])

    def legal_basis(self, d: _Diff, a: Iterable[LegalRef], b: Iterable[LegalRef]) -> None:
        section = addresses.LEGAL_BASIS_SECTION

        def matched(x: LegalRef, y: LegalRef) -> None:
            number = self.names["legal"].get(y.document, y.document)
            d.scalar(f"Căn cứ pháp lý – {number}", x.article, y.article, section)

        d.keyed("Căn cứ pháp lý", a, b, lambda ref: ref.document, self.reference, matched, section)

    # --- tasks and legal documents ------------------------------------------------------------

    def tasks(self) -> list[RecordChange]:
        old = {r["id"]: Task.model_validate(r) for r in self.old["tasks"]}
        new = {r["id"]: Task.model_validate(r) for r in self.new["tasks"]}
        records = []
        for ident in sorted(set(old) | set(new)):
            if ident not in old:
                records.append(RecordChange("task", ident, new[ident].name, "new"))
            elif ident not in new:
                records.append(RecordChange("task", ident, old[ident].name, "removed"))
            elif changes := self.task(old[ident], new[ident]):
                records.append(RecordChange("task", ident, new[ident].name, "changed", (), "", changes))
        return records

    def task(self, a: Task, b: Task) -> tuple[Change, ...]:
        d = _Diff()
        d.scalar("Nhiệm vụ", a.name, b.name)
        d.scalar("Giải thích", a.description, b.description)
        d.scalar("Lĩnh vực", self.names["field"].get(a.field), self.names["field"].get(b.field))
        d.scalar("Hình thức chuyển giao", TRANSFER_NAMES[a.type], TRANSFER_NAMES[b.type])
        d.scalar("Cơ quan trước đây", a.from_authority, b.from_authority)
        d.scalar("Cấp nhận nhiệm vụ", self.names["level"].get(a.to_level), self.names["level"].get(b.to_level))
        d.scalar("Cơ quan nhận nhiệm vụ", a.to_authority, b.to_authority)
        self.legal_basis(d, a.legal_basis, b.legal_basis)
        d.texts("Thủ tục liên quan", a.related_procedures, b.related_procedures, addresses.RELATED_SECTION)
        d.texts("Nguồn", a.sources, b.sources, addresses.SOURCES_SECTION)
        d.scalar("Tình trạng rà soát", REVIEW_NAMES[a.review.status], REVIEW_NAMES[b.review.status])
        d.scalar("Ghi chú rà soát", a.review.note, b.review.note)
        _guidance(d, a.guidance, b.guidance)
        return tuple(d.changes)

    def legal(self) -> list[RecordChange]:
        old = {r["id"]: r for r in self.old.get("legal", [])}
        new = {r["id"]: r for r in self.new.get("legal", [])}
        records = []
        labels = {
            "number": "Số ký hiệu",
            "kind": "Loại văn bản",
            "title": "Trích yếu",
            "issuer": "Cơ quan ban hành",
            "signed": "Ngày ban hành",
            "effective_from": "Ngày có hiệu lực",
            "effective_to": "Ngày hết hiệu lực",
            "note": "Ghi chú",
        }
        for ident in sorted(set(old) | set(new), key=lambda i: ((new.get(i) or old[i])["signed"], i)):
            a, b = old.get(ident), new.get(ident)
            name = (b or a)["number"]
            if a is None or b is None:
                records.append(RecordChange("legal", ident, name, "new" if a is None else "removed"))
                continue
            d = _Diff()
            for key, label in labels.items():
                d.scalar(label, _value(a.get(key)), _value(b.get(key)), addresses.legal_anchor(ident))
            d.texts("Nguồn", a.get("sources", []), b.get("sources", []))
            if d.changes:
                records.append(RecordChange("legal", ident, name, "changed", (), "", tuple(d.changes)))
        return records


class _Diff:
    """Collects the changes of one record."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def scalar(self, what: str, before: str | None, after: str | None, section: str | None = None) -> None:
        if before != after:
            self.changes.append(Change(what, before or _NOTHING, after or _NOTHING, section))

    def texts(self, what: str, before: Iterable[str], after: Iterable[str], section: str | None = None) -> None:
        """A list of plain text as a set; one word changed in one item is one line, not two."""
        removed = [item for item in before if item not in set(after)]
        added = [item for item in after if item not in set(before)]
        if len(removed) == 1 and len(added) == 1:
            self.changes.append(Change(what, removed[0], added[0], section))
            return
        self.changes += [Change(what, item, None, section) for item in removed]
        self.changes += [Change(what, None, item, section) for item in added]

    def steps(self, what: str, old: list, new: list, section: str | None = None) -> None:
        """Steps are a sequence: one inserted is one line; a step that only changed its time says so."""
        before, after = [_step(step) for step in old], [_step(step) for step in new]
        for tag, i1, i2, j1, j2 in SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
            if tag == "replace" and i2 - i1 == j2 - j1:
                for offset in range(i2 - i1):
                    x, y, where = old[i1 + offset], new[j1 + offset], f"{what}, bước {j1 + offset + 1}"
                    if (x.actor, x.action) == (y.actor, y.action):
                        self.scalar(f"{where}: thời gian", _duration(x.time), _duration(y.time), section)
                    else:
                        self.changes.append(Change(where, before[i1 + offset], after[j1 + offset], section))
                continue
            if tag in ("delete", "replace"):
                self.changes += [Change(f"{what}, bước {i + 1}", before[i], None, section) for i in range(i1, i2)]
            if tag in ("insert", "replace"):
                self.changes += [Change(f"{what}, bước {j + 1}", None, after[j], section) for j in range(j1, j2)]

    def keyed(
        self,
        what: str,
        before: Iterable[Any],
        after: Iterable[Any],
        key: Callable[[Any], Any],
        show: Callable[[Any], str],
        matched: Callable[[Any, Any], None],
        section: str | None = None,
    ) -> None:
        """Items matched by ``key``: added, removed, and the matched ones compared by ``matched``."""
        old = {key(item): item for item in before}
        new = {key(item): item for item in after}
        removed, added = [k for k in old if k not in new], [k for k in new if k not in old]
        if len(removed) == 1 and len(added) == 1:  # one item renamed: one line, not two
            self.changes.append(Change(what, show(old.pop(removed[0])), show(new.pop(added[0])), section))
        for item_key, item in old.items():
            if item_key not in new:
                self.changes.append(Change(what, show(item), None, section))
        for item_key, item in new.items():
            if item_key not in old:
                self.changes.append(Change(what, None, show(item), section))
            else:
                matched(old[item_key], item)


def _guidance(d: _Diff, a: Any, b: Any) -> None:
    """Guidance, part by part, each item as one line of text (a set: reordering is no change).

    Guidance written for the first time is one line, naming its parts, not one line per item."""
    if (a is None) != (b is None):
        present = b if b is not None else a
        filled = [
            GUIDANCE_NAMES.get(name, name).lower() for name in type(present).model_fields if getattr(present, name)
        ]
        summary = "phần " + ", ".join(filled)
        d.changes.append(
            Change(
                "Hướng dẫn nghiệp vụ",
                None if a is None else summary,
                summary if b is not None else None,
                GUIDANCE_SECTION,
            )
        )
        return
    parts = set()
    for guidance in (a, b):
        if guidance is not None:
            parts |= set(type(guidance).model_fields)
    for part in sorted(parts):
        before = _guidance_lines(getattr(a, part, None)) if a is not None else []
        after = _guidance_lines(getattr(b, part, None)) if b is not None else []
        d.texts(f"Hướng dẫn nghiệp vụ – {GUIDANCE_NAMES.get(part, part)}", before, after, GUIDANCE_SECTION)


def _guidance_lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    lines = []
    for item in value:
        if isinstance(item, str):
            lines.append(item)
        else:
            fields = item.model_dump(exclude_none=True)
            lines.append("; ".join(f"{v}" if not isinstance(v, (dict, list)) else str(v) for v in fields.values()))
    return lines


def _names(entries: list[dict[str, Any]]) -> dict[str, str]:
    return {entry["id"]: entry["name"] for entry in entries}


def _fate(record: Retired) -> str:
    status = RETIRED_NAMES[record.status]
    where = f"; nay là {', '.join(record.replaced_by)}" if record.replaced_by else ""
    return f"{status.capitalize()} từ {format_date(record.since)}{where}. {record.explanation}"


def _step(step) -> str:
    time = f" ({_duration(step.time)})" if step.time else ""
    return f"{step.actor}: {step.action}{time}"


def _duration(duration) -> str | None:
    return format_duration(duration.value, duration.unit) if duration else None


def _sub_deadlines(channel: Channel) -> list[str]:
    return [f"{format_duration(item.value, item.unit)} để {item.purpose}" for item in channel.sub_deadlines]


def _channel_name(channel: Channel) -> str:
    return f"nộp {METHOD_NAMES[channel.method].lower()} ({deadline_text(channel)})"


def _fee_name(fee) -> str:
    label = fee.name or FEE_NAMES[fee.kind]
    return f"{label}: {format_money(fee.amount)}" if fee.amount is not None else label


def _money(amount: int | None) -> str | None:
    return None if amount is None else format_money(amount)


def _form(form) -> str | None:
    if form is None:
        return None
    return f"{form.name} ({form.source})" if form.source else form.name


def _number(value: int | None) -> str | None:
    return None if value is None else str(value)


def _value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _arrow(before: str, after: str) -> str:
    """``15 ngày làm việc`` → ``10 ngày làm việc`` is written ``15 → 10 ngày làm việc``."""
    a, b = before.split(" "), after.split(" ")
    common = 0
    while common < min(len(a), len(b)) - 1 and a[-1 - common] == b[-1 - common]:
        common += 1
    if common and len(a) - common == 1 and len(b) - common == 1:
        return f"{a[0]} → {b[0]} {' '.join(a[1:])}"
    return f"{before} → {after}"
