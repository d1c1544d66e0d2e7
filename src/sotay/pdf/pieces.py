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
from ..views import external_link, procedure_view, task_view
from ..views.changes import changes_view
from ..views.desk import desk_reference
from ..views.wording import shown_code
from .contracts import qr_image
from .plan import Key, PrintPlan, changes_key, chapter_titles, label


def print_environment(templates_dir: Path, handbook: Handbook) -> jinja2.Environment:
    env = environment(templates_dir, "print", handbook.site_address)
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
        problem = Problem(f"templates/{name}", line, "", f"lỗi mẫu trang: {error}")
        raise HandbookError([problem], stage="render") from None


def _render(handbook: Handbook, env: jinja2.Environment, plan: PrintPlan) -> dict[Key, str]:
    procedure_template = env.get_template("procedure.md.j2")
    checklist_template = env.get_template("checklist.md.j2")
    tasks_template = env.get_template("print_tasks.md.j2")
    sources_template = env.get_template("print_sources.md.j2")
    chapter_template = env.get_template("print_chapter.md.j2")
    desk_template = env.get_template("print_desk.md.j2")
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
            elif kind == "guide":
                pieces[key] = guide_piece(handbook.guide_texts[key[1]], label(key))
            elif kind == "desk":
                desk = desk_reference(handbook, key[1], addresses.level_page(key[1]))
                pieces[key] = desk_template.render(title=plan.titles[key], label=label(key), desk=desk)
            elif kind == "appendix":
                pieces[key] = sources_template.render(label=label(key), chapters=_sources_by_chapter(handbook))
            elif kind == "chapter":
                field_id = key[1]
                pieces[key] = chapter_template.render(
                    title=chapters[field_id],
                    label=label(key),
                    description=handbook.field_by_id[field_id].description or "",
                    procedures=[
                        {
                            "code": shown_code(p.code),
                            "national": bool(shown_code(p.code)),
                            "name": p.name,
                            "level": handbook.level_by_id[p.level].name,
                        }
                        for p in handbook.groups.procedures_by_field.get(field_id, ())
                    ],
                    tasks=[
                        {"name": t.name, "level": handbook.level_by_id[t.to_level].name}
                        for t in handbook.groups.tasks_by_field.get(field_id, ())
                    ],
                )
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
    if handbook.changes is not None:
        view = changes_view(handbook, handbook.changes)
        markdown = env.get_template(view.template).render(view.context)
        for number, part in enumerate(split_changes(markdown, plan.changes_records)):
            pieces[changes_key(number)] = part
    return pieces


def split_changes(markdown: str, records: int) -> list[str]:
    """The print list of changes in parts of at most ``records`` records (one Typst compile each:
    bounded memory); a part that goes on with a group repeats its heading, "(tiếp theo)"."""
    parts: list[list[str]] = [[]]
    group, count = "", 0
    for line in markdown.split("\n"):
        if line.startswith("## "):
            group = re.sub(r"\s*\{#[^}]*\}\s*$", "", line)
        elif line.startswith("### "):
            if count >= records:
                parts.append([f"{group} (tiếp theo)", ""] if group else [])
                count = 0
            count += 1
        parts[-1].append(line)
    return ["\n".join(part) for part in parts]


def _sources_by_chapter(handbook: Handbook) -> list[dict]:
    """The sources of every procedure and task that has some, by chapter, in book order."""
    chapters = []
    for field_id, title in chapter_titles(handbook).items():
        procedures = handbook.groups.procedures_by_field.get(field_id, ())
        tasks = handbook.groups.tasks_by_field.get(field_id, ())
        records = [
            {"code": shown_code(p.code), "name": p.name, "sources": [external_link(url) for url in p.sources]}
            for p in procedures
            if p.sources
        ]
        records += [
            {"code": "Nhiệm vụ", "name": t.name, "sources": [external_link(url) for url in _task_sources(t)]}
            for t in tasks
            if _task_sources(t)
        ]
        if records:
            chapters.append({"title": title, "records": records})
    guides = [
        {"code": "", "name": handbook.guide_titles.get(name, name), "sources": [external_link(u) for u in urls]}
        for name in handbook.guide_pages
        if (urls := _addresses(handbook.guide_texts.get(name, "")))
    ]
    if guides:
        chapters.insert(0, {"title": "Các chương hướng dẫn", "records": guides})
    return chapters


def _task_sources(task) -> list[str]:
    """A task's sources, then those of its guidance (printed in the appendix, not in the body)."""
    guidance = list(task.guidance.sources) if task.guidance else []
    return list(dict.fromkeys([*task.sources, *guidance]))


_ADDRESS = re.compile(r"https?://[^\s)\]>;,]+[^\s)\]>;,.]")


def _addresses(markdown: str) -> list[str]:
    return list(dict.fromkeys(_ADDRESS.findall(markdown)))


def _shift_headings(markdown: str) -> str:
    # Inside a chapter a procedure's title is level 2 and its a–l sections level 3. Only
    # templates write "#" at the start of a line: data text has its "#" escaped.
    return re.sub(r"^(#+) ", r"#\1 ", markdown, flags=re.M)


def guide_piece(markdown: str, destination: str) -> str:
    """A hand-written guide page for print: its title carries the chapter's named destination, its
    own anchors are prefixed by it (one book holds every page), links into the site become text."""

    def anchor(match: re.Match) -> str:
        return "{#" + f"{destination}:{match.group(1)}" + "}"

    lines = []
    titled = False
    for line in markdown.splitlines():
        if not titled and line.startswith("# "):
            line = re.sub(r"\s*\{#[^}]*\}\s*$", "", line) + " {#" + destination + "}"
            titled = True
        else:
            line = re.sub(r"\{#([^}\s]+)\}", anchor, line)
            # Inside a chapter its sections are level 3, as a procedure's are: level 2 starts a page.
            line = re.sub(r"^(#{2,}) ", r"#\1 ", line)
        # [text](../page.md#x) → text; addresses of sources go to the appendix, as the records' do.
        line = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]*\)", r"\1", line)
        line = _ADDRESS.sub("[xem Phụ lục «Nguồn tư liệu»]", line)
        line = re.sub(r"(\[xem Phụ lục «Nguồn tư liệu»\][\s;,]*)+\[xem", "[xem", line)
        lines.append(line)
    # Smaller type, as a chapter's opening list: the guide is read, not consulted; its last
    # section kept on one page, as a procedure's is, so no page holds only a stray line.
    title, _, body = "\n".join(lines).partition("\n")
    sections = re.split(r"(?m)^(?=### )", body)
    head, last = "".join(sections[:-1]), sections[-1]
    return f"{title}\n\n:::: compact\n{head}\n::: keep\n{last}\n:::\n::::\n"
