"""The handbook as an EPUB 3 for phones: the print pieces, in book order, through pandoc.

Same content as the whole book's PDF (the print-flavour Markdown the PDFs are made from), one
chapter per file, the pinned Liberation Serif embedded. Ids follow the site's: a procedure is
``thu-tuc-1-011937``, its section ``thu-tuc-1-011937-thanh-phan-ho-so`` (an XML id may not start
with a digit or hold ":"). Deterministic: fixed identifier, date and zip times (SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pypandoc

from ..errors import HandbookError, Problem
from ..model import Handbook
from .cache import CODE, Cache, digest
from .pandoc import PANDOC_FROM
from .plan import Key, PrintPlan
from .typeset import FONT_DIR

FONTS = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)
_ID = re.compile(r"\{#([^}\s]+)\}")


def epub_id(label: str) -> str:
    """A print label as an XML id: ``1.011937:thanh-phan-ho-so`` → ``thu-tuc-1-011937-thanh-phan-ho-so``."""
    name = re.sub(r"[^A-Za-z0-9-]+", "-", label).strip("-")
    return f"thu-tuc-{name}" if name[:1].isdigit() or label.startswith("tam-") else name


def write_epub(handbook: Handbook, plan: PrintPlan, pieces: dict[Key, str], templates_dir: Path, cache: Cache) -> bytes:
    """The EPUB's bytes (from the cache when nothing it is made from changed)."""
    book = list(plan.book_order)
    markdown = "\n\n".join(_for_epub(pieces[key]) for key in book)
    css = (templates_dir / "epub" / "epub.css").read_bytes()
    meta = handbook.meta
    key = digest(CODE, pypandoc.get_pandoc_version(), markdown, css, meta.title, meta.publisher, str(meta.edition))
    cached = cache.get("epub", key)
    if cached is not None:
        return cached
    with tempfile.TemporaryDirectory(prefix="sotay-epub-") as folder:
        target = Path(folder) / "so-tay.epub"
        stylesheet = Path(folder) / "epub.css"
        stylesheet.write_bytes(css)
        arguments = [
            "--toc",
            "--toc-depth=2",
            "--split-level=1",
            f"--css={stylesheet}",
            f"--metadata=title:{meta.title}",
            f"--metadata=author:{meta.publisher}",
            "--metadata=lang:vi",
            f"--metadata=date:{meta.edition.isoformat()}",
            f"--metadata=identifier:urn:sotay:{meta.edition.isoformat()}",
            *(f"--epub-embed-font={FONT_DIR / name}" for name in FONTS),
        ]
        epoch = int(dt.datetime.combine(meta.edition, dt.time(), tzinfo=dt.UTC).timestamp())
        previous = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # the export runs in its own process
        try:
            pypandoc.convert_text(markdown, "epub3", format=PANDOC_FROM, extra_args=arguments, outputfile=str(target))
        except RuntimeError as error:
            raise HandbookError(
                [Problem("templates/epub", 0, "", f"pandoc báo lỗi khi viết EPUB: {error}")], stage="export"
            ) from None
        finally:
            if previous is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous
        data = target.read_bytes()
    cache.put("epub", key, data)
    return data


def _for_epub(markdown: str) -> str:
    """Ids an XML document accepts, and the templates' raw ``<br>`` written as XHTML."""
    return _ID.sub(lambda m: "{#" + epub_id(m.group(1)) + "}", markdown).replace("<br>", "<br />")
