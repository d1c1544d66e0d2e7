"""project: the fingerprint that decides whether `make` rebuilds sees names and contents, not dates."""

from __future__ import annotations

import os
import shutil

from sotay.project import FINGERPRINT_FILE, fingerprint, up_to_date


def test_the_fingerprint_follows_names_and_contents_not_dates(project):
    before = fingerprint(project)
    record = project.data / "procedures/1.000001.yaml"
    os.utime(record, (0, 0))  # only the date changes
    assert fingerprint(project) == before
    copy = project.data / "procedures/copy.yaml"
    shutil.copy2(record, copy)  # a file copied with its old date
    assert fingerprint(project) != before
    copy.unlink()
    assert fingerprint(project) == before
    (project.data / "procedures/tam-tan-so-nghiep-du.yaml").unlink()  # a deleted record
    assert fingerprint(project) != before


def test_the_same_inputs_in_another_folder_give_the_same_fingerprint(project, tmp_path):
    other = type(project)(**{**project.__dict__, "data": tmp_path / "elsewhere"})
    shutil.copytree(project.data, other.data)
    assert fingerprint(other) == fingerprint(project)


def test_up_to_date_only_with_the_fingerprint_of_the_current_inputs(project):
    assert not up_to_date(project)
    project.site.mkdir()
    (project.site / FINGERPRINT_FILE).write_text(fingerprint(project), encoding="ascii")
    assert up_to_date(project)
    (project.data / "tasks/xa-kiem-tra-do-luong.yaml").write_text("x: 1\n", encoding="utf-8")
    assert not up_to_date(project)
