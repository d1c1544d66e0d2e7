"""Stage 3b — render: one Jinja environment per flavour turns page views into Markdown.

Templates only loop, branch and print. Every value printed with ``{{ }}`` is escaped for the
flavour (Python-Markdown for the web, pandoc for print) unless it is ``Markup``, and ``Link``
values become Markdown links with URLs for that flavour: relative ``.md`` paths on the web,
absolute addresses on the public site in print. Data text can never become Markdown, HTML,
Typst or Jinja syntax, whatever an editor pasted into it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import addresses
from .errors import HandbookError, Problem
from .text import escape_markdown, escape_pandoc
from .views.base import Link, PageView

Flavour = Literal["web", "print"]


def _safe_url(url: str) -> str:
    # Percent-encode anything that could end a Markdown link target or break out of it.
    return quote(url, safe=":/?#@!$&*+,;=%~-._")


def _finalizer(flavour: Flavour, site_url: str) -> Callable[[Any], Any]:
    escape = escape_markdown if flavour == "web" else escape_pandoc

    def url_of(link: Link) -> str:
        if link.external:
            return _safe_url(link.target)
        if flavour == "web":
            return addresses.relative(link.page, link.target, link.anchor)
        return _safe_url(addresses.public_url(site_url, link.target, link.anchor))

    def finalize(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        if isinstance(value, Link):
            if flavour == "print" and not value.external and not site_url:
                return escape(value.text)  # no public site: a PDF links nowhere outside itself
            return Markup(f"[{escape(value.text)}]({url_of(value)})")
        return escape(str(value))

    return finalize


def environment(templates_dir: Path, flavour: Flavour = "web", site_url: str | None = "") -> jinja2.Environment:
    site_url = site_url or ""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Autoescape makes macro output Markup, so finalize escapes data exactly once.
        autoescape=True,
        finalize=_finalizer(flavour, site_url),
        # Markdown anchors are written "{#id}", which is Jinja's comment syntax by default.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.globals["flavour"] = flavour
    env.globals["site_url"] = site_url  # in print: the public address, or "" when there is none
    # Anchors and named destinations that templates write come from the one table of addresses.
    env.globals["address"] = addresses
    return env


def render_pages(
    pages: tuple[PageView, ...], templates_dir: Path, flavour: Flavour = "web", site_url: str = ""
) -> dict[str, str]:
    """Render every page; template errors are reported together, naming template and page."""
    env = environment(templates_dir, flavour, site_url)
    rendered: dict[str, str] = {}
    problems: list[Problem] = []
    for page in pages:
        try:
            rendered[page.path] = env.get_template(page.template).render(page.context)
        except jinja2.TemplateSyntaxError as error:
            problems.append(
                Problem(
                    f"templates/{error.name or page.template}",
                    error.lineno,
                    "",
                    f"lỗi cú pháp mẫu trang: {error.message}",
                )
            )
        except jinja2.TemplateError as error:
            problems.append(Problem(f"templates/{page.template}", 0, page.path, f"lỗi mẫu trang: {error}"))
    if problems:
        raise HandbookError(problems, stage="render")
    return rendered
