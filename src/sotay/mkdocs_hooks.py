"""The one MkDocs hook file (``hooks:`` in mkdocs.yml).

It applies what the generator wrote to ``handbook/.config.yml`` (site name and URL, the files
every page loads, the navigation built from the data), so neither ``nav:`` nor asset paths are
kept by hand. Under ``make serve`` it hands each rebuild to the live preview (sotay.serve),
which regenerates the pages from ``data/`` and ``templates/`` first.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import yaml
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError

from sotay.write import GENERATED_CONFIG  # a light import: the pipeline is imported only to preview

# Set by sotay.serve for the MkDocs process of the live preview.
LIVE = "SOTAY_LIVE"


@functools.cache
def live_preview():
    """The live preview's memory between rebuilds: one per MkDocs process."""
    from sotay.serve import LivePreview

    return LivePreview()


def on_config(config):
    docs_dir = Path(config.docs_dir)
    if os.environ.get(LIVE):
        live_preview().before_build(Path(config.config_file_path).parent, docs_dir)
    generated = docs_dir / GENERATED_CONFIG
    if not generated.is_file():
        raise PluginError(f"thiếu {generated}: hãy chạy `make` (hoặc `python -m sotay render`) trước")
    settings = yaml.safe_load(generated.read_text(encoding="utf-8"))
    for name in ("site_url", "copyright", "extra_css", "extra_javascript", "nav"):
        setattr(config, name, settings[name])
    # Material prints the site name unescaped in the header and <title> and escapes it in
    # attributes: as escaped Markup it is text everywhere, and never escaped twice.
    config.site_name = Markup(escape(settings["site_name"]))
    return config


def on_post_build(config):
    if os.environ.get(LIVE):
        live_preview().after_build()
