"""build: the whole pipeline is reproducible, and a failure at any stage keeps the published site."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import pytest

from sotay.build import build
from sotay.errors import HandbookError

from .conftest import REPO, make_project

# Builds the PDFs, opens Chromium or runs the live preview: not part of `make test-fast`.
pytestmark = pytest.mark.slow


def digest(folder) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_two_builds_are_byte_identical_whatever_the_clock_says(tmp_path, monkeypatch):
    first = make_project(tmp_path / "one")
    build(first)
    second = make_project(tmp_path / "two")
    # A different SOURCE_DATE_EPOCH in the environment must not leak into the output either.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    build(second)
    one, two = digest(first.site), digest(second.site)
    assert any(name.endswith(".pdf") for name in one) and "sitemap.xml.gz" in one
    assert one == two


@pytest.fixture
def own_templates(project):
    """A project with its own copy of the templates, free to be broken."""
    shutil.copytree(REPO / "templates", project.data.parent / "templates")
    paths = type(project)(**{**project.__dict__, "templates": project.data.parent / "templates"})
    build(paths)
    return paths


def test_template_error_fails_at_render_and_keeps_the_site(own_templates):
    before = digest(own_templates.site)
    template = own_templates.templates / "procedure.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace("{{ name }}", "{{ name.missing_attribute }}", 1), encoding="utf-8"
    )
    with pytest.raises(HandbookError) as caught:
        build(own_templates)
    assert caught.value.stage == "render"
    assert "templates/procedure.md.j2" in caught.value.report()
    assert digest(own_templates.site) == before


def test_typst_failure_fails_at_export_and_keeps_the_site_and_pdfs(own_templates):
    before = digest(own_templates.site)
    main = own_templates.templates / "print" / "main.typ"
    main.write_text(main.read_text(encoding="utf-8") + "\n#this-function-does-not-exist()\n", encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        build(own_templates)
    assert caught.value.stage == "export"
    assert "Typst báo lỗi:" in caught.value.report()
    assert "site/ và các tệp PDF trước đó được giữ nguyên" in caught.value.report()
    assert digest(own_templates.site) == before
    assert not [p.name for p in own_templates.site.parent.iterdir() if p.name.startswith("site.")]


def test_a_build_finishes_after_typesetting_in_the_same_process(project):
    # Typst's layout thread pool, once started in a process, is dead in any fork of it: the
    # export child must be a fresh process, or this build would hang. Run in a subprocess with a
    # time limit, so a regression fails instead of hanging the suite.
    script = f"""
import sys
from pathlib import Path
from sotay.build import Paths, build, load_handbook
from sotay.catalogue import print_catalogue
from sotay.pdf import export_pdfs
paths = Paths(**{{k: Path(v) for k, v in { ({k: str(v) for k, v in project.__dict__.items()})!r}.items()}})
handbook = load_handbook(paths)
export_pdfs(handbook, print_catalogue(handbook), paths.templates, paths.site.parent / "direct")
print(len(build(paths)))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.split()[-1]) > 5
