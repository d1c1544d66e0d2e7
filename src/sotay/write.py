"""Stage 4 — write: put the rendered pages, the navigation and the static assets into handbook/.

Only files whose content changed are rewritten (so MkDocs' live reload and make see real
changes only), generated files that are no longer produced are removed, and hand-written
files are never touched: the manifest of what the generator wrote is the only list of files
it may delete.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .addresses import GUIDE_FOLDER
from .errors import HandbookError, Problem
from .load import display_name

MANIFEST = ".generated"
# Read by mkdocs_hooks.on_config: site name and URL, and the navigation built from the data.
GENERATED_CONFIG = ".config.yml"


class OutputFiles:
    """The files of one build, keyed by their path under the docs folder.

    Refuses to take the same path twice: two pages claiming one URL is a bug, not a choice.
    """

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, path: str, content: str | bytes) -> None:
        if path in self.files:
            raise ValueError(f"two outputs for the same path: {path}")
        self.files[path] = content.encode("utf-8") if isinstance(content, str) else content


def docs_files(
    rendered: dict[str, str], site_config: dict, assets: dict[str, Path], placeholders: list[str]
) -> OutputFiles:
    """Everything the generator contributes to the docs folder, in memory.

    ``placeholders`` are files made after MkDocs has run (the PDFs, the offline zip): empty
    stand-ins let MkDocs validate the links to them; the real files replace them in the built site.
    """
    output = OutputFiles()
    for path in sorted(rendered):
        output.add(path, rendered[path])
    output.add(GENERATED_CONFIG, yaml.safe_dump(site_config, allow_unicode=True, sort_keys=False))
    for path, source in sorted(assets.items()):
        output.add(path, source.read_bytes())
    for path in placeholders:
        output.add(path, b"")
    return output


def write_docs(output: OutputFiles, docs_dir: Path) -> list[str]:
    """Sync ``output`` into ``docs_dir``; return the paths that changed."""
    previous = _read_manifest(docs_dir)
    strays = [
        path
        for path in _files_under(docs_dir)
        if path not in previous
        and path not in output.files
        and not path.startswith(f"{GUIDE_FOLDER}/")
        and path != MANIFEST
    ]
    if strays:
        raise HandbookError(
            [
                Problem(
                    display_name(docs_dir / path),
                    1,
                    "",
                    f"tệp này không do sổ tay tạo ra và không nằm trong {docs_dir.name}/{GUIDE_FOLDER}/: trang "
                    f"viết tay phải đặt trong {docs_dir.name}/{GUIDE_FOLDER}/ (và ghi vào guide: của "
                    "data/handbook.yaml)",
                )
                for path in strays
            ],
            stage="write",
        )
    # Every file about to be written is in the manifest before it is written: a build killed
    # halfway leaves no generated file that the next build would take for a hand-written one.
    _write_manifest(docs_dir, previous | set(output.files))
    changed = []
    for path, content in output.files.items():
        target = docs_dir / path
        if target.is_file() and target.read_bytes() == content:
            continue
        write_file(target, content)
        changed.append(path)
    for path in sorted(previous - set(output.files)):
        (docs_dir / path).unlink(missing_ok=True)
        changed.append(path)
    _remove_empty_folders(docs_dir)
    _write_manifest(docs_dir, set(output.files))
    return changed


def _write_manifest(docs_dir: Path, paths: set[str]) -> None:
    manifest = "".join(f"{path}\n" for path in sorted(paths)).encode("utf-8")
    # Like every other file, rewritten only when it changes: the live preview watches this
    # folder, and a touched file would start another rebuild, and that one another.
    if not (docs_dir / MANIFEST).is_file() or (docs_dir / MANIFEST).read_bytes() != manifest:
        docs_dir.mkdir(parents=True, exist_ok=True)
        (docs_dir / MANIFEST).write_bytes(manifest)


def _read_manifest(docs_dir: Path) -> set[str]:
    manifest = docs_dir / MANIFEST
    return set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()


def _files_under(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(str(path.relative_to(folder).as_posix()) for path in folder.rglob("*") if path.is_file())


def _remove_empty_folders(folder: Path) -> None:
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(path.iterdir()):
            path.rmdir()


def write_file(target: Path, content: bytes) -> None:
    """Write one file of the docs folder; a failure is a located problem of the write stage."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    except OSError as error:  # a full disk, a read-only folder, a file where a folder should be
        problem = Problem(display_name(target), 0, "", f"không ghi được: {error.strerror or error}")
        raise HandbookError([problem], stage="write") from None
