"""Print-flavour Markdown of every piece: the site's templates and views, rendered for pandoc.

Each procedure and checklist uses the page's own view; a chapter heading and a group of tasks
have small print-only templates. Anchors become named destinations prefixed by the code
(``1.011937:thanh-phan-ho-so``), so they stay unique in a book.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .. import addresses
from ..errors import HandbookError, Problem
from ..model import Handbook
from ..render import environment
from ..views import procedure_view, task_view
from .contracts import qr_image
from .plan import Key, PrintPlan, chapter_titles, label


def print_environment(templates_dir: Path, handbook: Handbook) -> jinja2.Environment:
    env = environment(templates_dir, "print", handbook.meta.site_url.rstrip("/") + "/")
    env.globals["qr_image"] = qr_image
    return env


def render_pieces(handbook: Handbook, templates_dir: Path, plan: PrintPlan) -> dict[Key, str]:
    """Every piece of the body and every checklist, by key; template errors are located."""
    env = print_environment(templates_dir, handbook)
    try:
        return _render(handbook, env, plan)
    except jinja2.TemplateError as error:
        name = getattr(error, "name", None) or "print piece"
        line = getattr(error, "lineno", 0) or 0
        problem = Problem(f"templates/{name}", line, "", f"template error: {error}")
        raise HandbookError([problem], stage="render") from None


def _render(handbook: Handbook, env: jinja2.Environment, plan: PrintPlan) -> dict[Key, str]:
    procedure_template = env.get_template("procedure.md.j2")
    checklist_template = env.get_template("checklist.md.j2")
    tasks_template = env.get_template("print_tasks.md.j2")
    heading = env.from_string("# {{ title }} {#{{ label | safe }}}\n\n{{ description }}\n")
    chapters = chapter_titles(handbook)
    pieces: dict[Key, str] = {}
    for chunk in (*plan.body_chunks, *plan.checklist_chunks):
        for key in chunk.keys:
            kind = key[0]
            if kind == "procedure":
                view = procedure_view(handbook, handbook.procedure_by_code[key[1]])
                pieces[key] = _shift_headings(procedure_template.render(view.context))
            elif kind == "checklist":
                view = procedure_view(handbook, handbook.procedure_by_code[key[1]])
                pieces[key] = checklist_template.render(view.context)
            elif kind == "chapter":
                description = handbook.field_by_id[key[1]].description or ""
                pieces[key] = heading.render(title=chapters[key[1]], label=label(key), description=description)
            else:
                tasks = [
                    {
                        **task_view(handbook, handbook.task_by_id[task]).context,
                        "label": addresses.task_destination(task),
                    }
                    for task in plan.group_tasks[key]
                ]
                pieces[key] = tasks_template.render(
                    field_name=handbook.field_by_id[key[1]].name,
                    level_name=handbook.level_by_id[key[2]].name,
                    label=label(key),
                    tasks=tasks,
                )
    return pieces


def _shift_headings(markdown: str) -> str:
    # Inside a chapter a procedure's title is level 2 and its a–l sections level 3. Only
    # templates write "#" at the start of a line: data text has its "#" escaped.
    return re.sub(r"^(#+) ", r"#\1 ", markdown, flags=re.M)
