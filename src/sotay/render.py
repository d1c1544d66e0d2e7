"""Stage 3b — render: one Jinja environment turns page views into Markdown.

Templates only loop, branch and print. Every value printed with ``{{ }}`` goes through
``escape_markdown`` unless the view marked it as ``Markup``, so data text can never become
Markdown or HTML syntax, whatever an editor pasted into it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .errors import HandbookError, Problem
from .text import escape_markdown
from .views import PageView


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return escape_markdown(str(value))


def environment(templates_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Autoescape makes macro output Markup, so finalize escapes data exactly once.
        autoescape=True,
        finalize=_finalize,
        # Markdown anchors are written "{#id}", which is Jinja's comment syntax by default.
        comment_start_string="{##",
        comment_end_string="##}",
    )


def render_pages(pages: tuple[PageView, ...], templates_dir: Path) -> dict[str, str]:
    """Render every page; template errors are reported together, naming template and page."""
    env = environment(templates_dir)
    rendered: dict[str, str] = {}
    problems: list[Problem] = []
    for page in pages:
        try:
            rendered[page.path] = env.get_template(page.template).render(page.context)
        except jinja2.TemplateSyntaxError as error:
            problems.append(
                Problem(f"templates/{page.template}", error.lineno, "", f"template syntax error: {error.message}")
            )
        except jinja2.TemplateError as error:
            problems.append(Problem(f"templates/{page.template}", 1, page.path, f"template error: {error}"))
    if problems:
        raise HandbookError(problems, stage="render")
    return rendered
