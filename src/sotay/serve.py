"""Live preview: MkDocs' server, with the hook regenerating pages when data or templates change."""

from __future__ import annotations

import os

from .build import Paths, generate


def serve(paths: Paths, addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    generate(paths)  # fail early, with the full report, if the data has problems
    os.environ["SOTAY_LIVE"] = "1"
    mkdocs_serve(
        config_file=str(paths.config),
        livereload=True,
        watch=[str(paths.data), str(paths.templates)],
        dev_addr=addr,
        docs_dir=str(paths.docs),
        # Under strict mode the hook's report of bad data would abort the rebuild; the preview
        # should instead keep showing the last good pages next to that report.
        strict=False,
        # Rebuild only pages whose Markdown changed: the writer rewrites a file only when its
        # content changed, so an edit to one procedure re-renders a handful of pages. (Fine for a
        # preview; a published build is always complete.)
        build_type="dirty",
    )
