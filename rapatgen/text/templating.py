"""Jinja2 environments for the wording (editable without code).

The wording ships inside the package (`rapatgen/data/teks/*.j2`, read with importlib.resources).
A project may reword a sentence by putting its own copy under `<proyek>/templates/teks/`:
a project file of the same name wins over the shipped one.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jinja2

PROJECT_TEMPLATES = "templates"
_project_root: Path | None = None


def use_project(root: Path | None) -> None:
    """Look up the project's own `templates/` first from now on (None: shipped wording only)."""
    global _project_root
    _project_root = Path(root).resolve() if root else None


def project_templates(root: Path | None) -> Path | None:
    folder = (Path(root) / PROJECT_TEMPLATES) if root else None
    return folder if folder is not None and folder.is_dir() else None


@lru_cache(maxsize=4)
def _environment(override: str | None) -> jinja2.Environment:
    from rapatgen.text.resources import data_dir

    loaders = [jinja2.FileSystemLoader(override)] if override else []
    loaders.append(jinja2.FileSystemLoader(str(data_dir())))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["tojson"] = lambda v: json.dumps(v, ensure_ascii=False)
    return env


def text_environment() -> jinja2.Environment:
    override = project_templates(_project_root)
    return _environment(str(override) if override else None)


def get_template(name: str) -> jinja2.Template:
    """A template by name; a missing one is a clean error (a broken install or project), not a traceback."""
    from rapatgen.text.resources import MissingResource

    try:
        return text_environment().get_template(name)
    except jinja2.TemplateNotFound:
        raise MissingResource(f"templat '{name}' tidak ditemukan (dicari di templates/ proyek dan di data bawaan "
                              "rapatgen) — pasang ulang rapatgen atau pulihkan berkas templat itu") from None
    except jinja2.TemplateSyntaxError as exc:
        from rapatgen.text.errors import RapatgenError, display_path

        where = f"{display_path(exc.filename)}:{exc.lineno}" if exc.filename else name
        raise RapatgenError(f"{where}: templat tidak dapat dibaca ({exc.message}) — periksa tanda {{{{ … }}}} "
                            "dan {% … %} di templat itu") from None
