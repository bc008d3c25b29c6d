"""The one Jinja2 environment for the pages and fragments publish/ writes outside MkDocs.

Autoescaping is on for every template, .md ones included: their variable parts are text from
content files.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates"

ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True,
                  default_for_string=True, enabled_extensions=("html", "md")),
                  undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
