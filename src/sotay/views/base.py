"""What every page view is made of: the view itself and links as data.

Data text stays ``str`` and links are ``Link`` values: the renderer escapes and resolves both
for its flavour (web or print), so nothing in the views writes Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageView:
    path: str  # under the docs folder
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class Link:
    """A link as data; the renderer escapes the text and makes the URL for its flavour.

    ``target`` is a page path under the docs folder (``thu-tuc/1.011937.md``) or a web address;
    ``page`` is the page the link appears on, for relative URLs on the web.
    """

    text: str
    target: str
    page: str = ""
    anchor: str | None = None

    @property
    def external(self) -> bool:
        return self.target.startswith(("http://", "https://"))


def link(source_page: str, text: str, target: str, anchor: str | None = None) -> Link:
    return Link(text=text, target=target, page=source_page, anchor=anchor)


def external_link(url: str) -> Link:
    return Link(text=url, target=url)
