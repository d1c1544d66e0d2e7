"""The previous edition: read its snapshot, say what changed, and keep its addresses answering.

A trainer's printed link to a procedure of the previous edition must still open something: the
procedure, its new code (a forwarding page, from ``replaces``) or a page saying it no longer
applies (``data/retired/``). A procedure that simply vanished is an error, named here.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from . import addresses
from .changes import compare
from .errors import HandbookError, Problem
from .load import Source, load_dataset
from .model import Handbook
from .snapshot import read_snapshot, snapshot_of
from .text import format_date


def with_changes(handbook: Handbook, source: Source, root: Path) -> Handbook:
    """``handbook`` with its changes since ``meta.previous_edition`` (if named); raises on problems."""
    named = handbook.meta.previous_edition
    if not named:
        return handbook
    line = source.line_of(("previous_edition",))
    path = root / named
    if not path.is_file():
        message = f"không có tệp {named} trong thư mục dữ liệu (bản chụp của ấn bản trước)"
        raise HandbookError([Problem(source.file, line, "previous_edition", message)])
    try:
        previous = read_snapshot(path)
    except HandbookError as error:
        raise HandbookError(error.problems) from None
    changes = compare(previous, snapshot_of(handbook))
    problems = []
    if changes.old_edition >= handbook.meta.edition:
        message = (
            f"ấn bản trước ({format_date(changes.old_edition)}) phải sớm hơn ấn bản này "
            f"({format_date(handbook.meta.edition)})"
        )
        problems.append(Problem(source.file, line, "previous_edition", message))
    for record in changes.records:
        if record.kind == "procedure" and record.status == "removed":
            page = addresses.published(addresses.procedure_page(record.id))
            message = (
                f"thủ tục {record.id} ({record.name}) của ấn bản {format_date(changes.old_edition)} không còn trong "
                f"sổ tay, nên địa chỉ {page} mà người dùng đã lưu sẽ hỏng: hãy thêm tệp data/retired/{record.id}.yaml "
                f"(nói việc này nay ra sao), hoặc ghi {record.id} vào replaces của thủ tục thay thế nó"
            )
            problems.append(Problem(source.file, line, "previous_edition", message))
    if problems:
        raise HandbookError(problems)
    return dataclasses.replace(handbook, changes=changes)


def load_edition(spec: str, root: Path) -> dict[str, Any]:
    """A snapshot from what the user named: a snapshot file, a data (or project) folder, or a git revision."""
    from .validate import validate  # validate imports this module

    path = Path(spec)
    if path.is_file():
        return read_snapshot(path)
    if path.is_dir():
        data = path / "data" if (path / "data" / "handbook.yaml").is_file() else path
        return snapshot_of(validate(load_dataset(data)))
    return _from_git(spec, root)


def _from_git(revision: str, root: Path) -> dict[str, Any]:
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True)

    try:
        found = git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode == 0
    except FileNotFoundError:
        found = False  # no git on this machine
    if not found:
        shallow = git("rev-parse", "--is-shallow-repository").stdout.strip() == b"true" if _has_git() else False
        hint = (
            " Kho git này là bản sao nông (shallow clone), không có lịch sử cũ: hãy chạy git fetch --unshallow."
            if shallow
            else ""
        )
        message = (
            f"không tìm thấy '{revision}': không phải tệp bản chụp (.json), thư mục dữ liệu, "
            f"hay phiên bản git có trong kho.{hint}"
        )
        raise HandbookError([Problem(revision, 0, "", message)])
    archive = git("archive", revision, "data")
    if archive.returncode != 0:
        message = f"phiên bản {revision} không có thư mục data/ ({archive.stderr.decode(errors='replace').strip()})"
        raise HandbookError([Problem(revision, 0, "", message)])
    from .validate import validate

    with tempfile.TemporaryDirectory(prefix="sotay-edition-") as folder:
        tarfile.open(fileobj=io.BytesIO(archive.stdout)).extractall(folder, filter="data")
        try:
            return snapshot_of(validate(load_dataset(Path(folder) / "data")))
        except HandbookError as error:
            # Name the files as "REVISION:data/…", not by the temporary folder they were read from.
            renamed = [
                dataclasses.replace(problem, file=f"{revision}:{problem.file.split(folder + '/', 1)[-1]}")
                for problem in error.problems
            ]
            raise HandbookError(renamed) from None


def _has_git() -> bool:
    return shutil.which("git") is not None
