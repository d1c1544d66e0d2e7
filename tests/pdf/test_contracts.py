"""pdf.contracts: the names shared by Python, Jinja, pandoc and Typst are spelled alike on every side."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sotay.pdf import contracts

from ..conftest import REPO

# The contracts' values, which no module but contracts.py may spell out.
VALUES = [contracts.PIECE_MARKER, contracts.WIDTHS_MARKER, contracts.DEST_SCHEME]


def drifts(root: Path) -> list[str]:
    """Every place where a file no longer spells a contract as contracts.py says it does."""
    found = []
    for name, places in contracts.WHERE_SPELLED.items():
        for file, spelling in places:
            if spelling not in (root / file).read_text(encoding="utf-8"):
                found.append(f"{file}: {name} is no longer spelled {spelling!r}")
    for path in sorted((root / "src/sotay").rglob("*.py")):
        if path.name != "contracts.py":
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(root)}: spells {value!r} itself" for value in VALUES if value in text]
    typst = "".join((root / "templates/print" / name).read_text(encoding="utf-8") for name in ("main.typ", "lib.typ"))
    read = set(re.findall(r"\bmeta\.([a-z_]+)", typst))
    if read != contracts.TYPST_INPUTS:
        expected = sorted(contracts.TYPST_INPUTS)
        found.append(f"Typst reads sys.inputs {sorted(read)}, contracts.TYPST_INPUTS says {expected}")
    return found


def test_every_side_spells_every_contract_alike():
    assert drifts(REPO) == []


def test_a_drifting_side_is_found(tmp_path):
    for folder in ("src", "templates"):
        shutil.copytree(REPO / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    lib = tmp_path / "templates/print/lib.typ"
    text = lib.read_text(encoding="utf-8").replace("#let keep(body)", "#let kept(body)")
    lib.write_text(text + "\n#let extra = meta.colour\n", encoding="utf-8")
    converter = tmp_path / "src/sotay/pdf/pandoc.py"
    converter.write_text(converter.read_text(encoding="utf-8").replace('"// {WIDTHS_MARKER} "', '"// {WIDTHS_MARKER}"'))
    found = drifts(tmp_path)
    assert any("lib.typ: KEEP" in line for line in found), found
    assert any("pandoc.py: WIDTHS_MARKER" in line for line in found), found
    assert any("colour" in line for line in found), found
