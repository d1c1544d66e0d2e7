"""Where a project's inputs and outputs are, and a fingerprint of everything a build reads.

Light on purpose (no pipeline imports): ``make`` asks ``python -m sotay build --if-changed``,
which compares the fingerprint of the inputs with the one recorded in the published site and
stops there when they are equal, in a fraction of a second.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

# In the published site, beside its pages: the fingerprint of the inputs it was built from.
FINGERPRINT_FILE = ".sotay-inputs"
# Where ``build --edition <id>`` puts a province's edition (its pages, its site), under the project.
EDITIONS_FOLDER = "editions"
GUIDE_FOLDER = "huong-dan"  # the same as addresses.GUIDE_FOLDER (this module imports nothing of ours)
_CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Paths:
    """Where the pipeline reads and writes; tests point these at temporary folders."""

    data: Path
    templates: Path
    docs: Path
    site: Path
    config: Path
    node_modules: Path
    cache: Path  # typeset PDFs and pandoc output by content hash; shared by every edition; safe to delete
    guide: Path  # the hand-written guide pages (handbook/huong-dan/), copied into an edition's docs

    @classmethod
    def at(cls, root: Path, **overrides: Path) -> Paths:
        defaults = {
            "data": root / "data",
            "templates": root / "templates",
            "docs": root / "handbook",
            "site": root / "site",
            "config": root / "mkdocs.yml",
            "node_modules": root / "node_modules",
            "cache": root / ".cache",
        }
        merged = {**defaults, **overrides}
        merged.setdefault("guide", merged["docs"] / GUIDE_FOLDER)
        return cls(**merged)

    def for_edition(self, province_id: str) -> Paths:
        """A province's edition: its own pages and site under editions/<id>/, the same inputs and cache."""
        folder = self.config.parent / EDITIONS_FOLDER / province_id
        return replace(self, docs=folder / "handbook", site=folder / "site")


def fingerprint(paths: Paths) -> str:
    """A digest of the names and contents of every input: data, templates, guide pages, code, config, locks.

    Names are relative to their folder, so the same inputs in another folder give the same
    fingerprint; a deleted, added or renamed file changes it, whatever the files' dates say.
    """
    root = paths.config.parent
    folders = {
        "data": paths.data,
        "templates": paths.templates,
        "guide": paths.guide,
        "code": _CODE,
    }
    single = {
        "config": paths.config,
        "requirements.lock": root / "requirements.lock",
        "package-lock.json": root / "package-lock.json",
        "lunr": paths.node_modules / "lunr" / "lunr.min.js",
    }
    hasher = hashlib.sha256()
    for role, folder in folders.items():
        files = (
            sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if folder.is_dir()
            else []
        )
        for path in files:
            _add(hasher, f"{role}/{path.relative_to(folder).as_posix()}", path)
    for role, path in single.items():
        if path.is_file():
            _add(hasher, role, path)
    return hasher.hexdigest()


def _add(hasher, name: str, path: Path) -> None:
    hasher.update(name.encode("utf-8", "surrogateescape") + b"\0")
    hasher.update(hashlib.sha256(path.read_bytes()).digest())


def up_to_date(paths: Paths) -> bool:
    """Whether ``site/`` was built from exactly the current inputs."""
    recorded = paths.site / FINGERPRINT_FILE
    try:
        return recorded.read_text(encoding="ascii").strip() == fingerprint(paths)
    except (OSError, UnicodeDecodeError):
        return False
