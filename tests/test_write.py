"""write: handbook/ is synced, and a second write of the same output touches no file."""

from __future__ import annotations

import os

import pytest

from sotay.errors import HandbookError
from sotay.write import MANIFEST, OutputFiles, write_docs


def output(**files: str) -> OutputFiles:
    result = OutputFiles()
    for path, text in files.items():
        result.add(path.replace("__", "/") + ".md", text)
    return result


def test_the_same_output_twice_touches_nothing(tmp_path):
    # The live preview watches this folder: a rewritten file, even unchanged, starts a rebuild.
    assert sorted(write_docs(output(index="a", thu_tuc__x="b"), tmp_path)) == ["index.md", "thu_tuc/x.md"]
    past = 1_000_000_000
    for path in tmp_path.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(past, past))
    assert write_docs(output(index="a", thu_tuc__x="b"), tmp_path) == []
    assert all(path.stat().st_mtime_ns == past for path in tmp_path.rglob("*") if path.is_file())
    assert (tmp_path / MANIFEST).is_file()


def test_only_changed_and_removed_files_are_reported(tmp_path):
    write_docs(output(index="a", old="b"), tmp_path)
    assert sorted(write_docs(output(index="a2"), tmp_path)) == ["index.md", "old.md"]
    assert not (tmp_path / "old.md").exists()


def test_a_hand_written_page_outside_the_guide_folder_is_refused(tmp_path):
    write_docs(output(index="a"), tmp_path)
    (tmp_path / "notes.md").write_text("hand-written", encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        write_docs(output(index="a"), tmp_path)
    assert "notes.md" in caught.value.report()
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "hand-written"
