"""Turn data read from YAML into typed models; every error becomes an Indonesian `Problem`.

pydantic reports a location path (`loc`) for each error; `load.locate` maps that path
to the line and column in the user's file.
"""

from __future__ import annotations

import re
import typing
from datetime import date, time
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from rapatgen.text.errors import Problem
from rapatgen.load import LoadedYaml, locate
from rapatgen.text.suggest import suggest
from rapatgen.model.common import DATE_MAX, DATE_MIN

M = TypeVar("M", bound=BaseModel)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last element of `loc` (to list its known keys)."""
    current: Any = model
    skip_key = False
    for part in loc:
        if skip_key or isinstance(part, int):
            skip_key = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        skip_key = typing.get_origin(field.annotation) is dict
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _describe(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _message(err: dict, model: type[BaseModel]) -> tuple[str, bool]:
    """Indonesian text for one pydantic error, and whether it points at the key itself."""
    kind = err["type"]
    loc = err["loc"]
    key = loc[-1] if loc else ""
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "rapatgen":
        return err["msg"], False
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        known = list(owner.model_fields) if owner else []
        hint = suggest(key, known)
        if " " in str(key) or str(key)[:1].isupper():
            return (f"kunci '{_describe(key)}' tidak dikenal — kemungkinan ada koma di dalam teks "
                    "tanpa tanda kutip di {…}; apit teks itu dengan tanda kutip \"…\""), True
        if hint:
            return f"kunci '{key}' tidak dikenal — maksud Anda '{hint}'?", True
        listing = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
        return f"kunci '{key}' tidak dikenal — kunci yang dikenal di sini: {listing}", True
    if kind == "missing":
        return f"kunci '{key}' wajib diisi — tambahkan baris '{key}: …'", False
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'\"") for o in expected.replace(" or ", ",").split(",") if o.strip()]
        hint = suggest(value, options)
        text = f"nilai '{_describe(value)}' tidak dikenal; pilihan: {', '.join(options)}"
        return (text + f" — maksud Anda '{hint}'?" if hint else text), False
    if kind in ("string_type",):
        return f"harus berupa teks, bukan '{_describe(value)}' — apit dengan tanda kutip bila perlu", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"harus bilangan bulat, bukan '{_describe(value)}'", False
    if kind == "finite_number":
        return f"'{_describe(value)}' bukan angka yang dapat dicetak — tulis angka biasa, mis. 5.78", False
    if kind in ("float_type", "float_parsing"):
        return f"harus berupa angka, bukan '{_describe(value)}'", False
    if kind in ("bool_type", "bool_parsing"):
        return f"harus 'true' (ya) atau 'false' (tidak), bukan '{_describe(value)}'", False
    if kind in ("list_type",):
        return "harus berupa daftar: tiap isi di baris sendiri diawali '- '", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"harus berupa pemetaan 'kunci: nilai', bukan '{_describe(value)}'", False
    if kind == "too_short":
        return "tidak boleh kosong — isi sedikitnya satu butir", False
    if kind == "too_long":
        return (f"terlalu banyak isi: {ctx.get('actual_length')} butir, paling banyak {ctx.get('max_length')} "
                "— hapus yang tidak perlu"), False
    if kind in ("greater_than_equal", "greater_than"):
        return f"nilai '{_describe(value)}' terlalu kecil (minimal {ctx.get('ge', ctx.get('gt'))})", False
    if kind in ("less_than_equal", "less_than"):
        return f"nilai '{_describe(value)}' terlalu besar (maksimal {ctx.get('le', ctx.get('lt'))})", False
    if kind == "string_too_short":
        return "tidak boleh kosong", False
    if kind.startswith("date"):
        return f"'{_describe(value)}' bukan tanggal — tulis TTTT-BB-HH, mis. 2025-03-11", False
    return f"nilai tidak sah ({err['msg']})", False


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's union-branch and validator markers from a location path."""
    return tuple(p for p in loc if isinstance(p, int) or not (str(p).startswith("function-") or "[" in str(p)))


def to_model(model: type[M], loaded: LoadedYaml, problems: list[Problem]) -> M | None:
    """Validate `loaded.data` as `model`; append problems and return None when invalid."""
    data = loaded.data
    if data is None:
        problems.append(Problem(str(loaded.path), 1, 1, "berkas kosong"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(str(loaded.path), 1, 1,
                                "isi berkas harus berupa pemetaan 'kunci: nilai' di tingkat teratas"))
        return None
    prepare = getattr(model, "prepare_source", None)  # e.g. a series' sesi_bawaan filled into its sessions
    if prepare is not None:
        before = len(problems)
        prepare(loaded, problems)
        if len(problems) > before:
            return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        seen = set()
        for err in exc.errors(include_url=False):
            loc = _clean_loc(err["loc"])
            err = dict(err, loc=loc)
            text, at_key = _message(err, model)
            line, col = locate(data, loc, key_only=at_key)
            if (line, col, text) not in seen:  # one template line filled into many sessions: said once
                seen.add((line, col, text))
                problems.append(Problem(str(loaded.path), line, col, text))
        return None


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


_DATE_LIKE = re.compile(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*")
_TIME_LIKE = re.compile(r"\s*\d{1,2}[.:]\d{2}\s*")


def stand_in(value: Any, high: bool = False) -> Any:
    """A valid date or time standing in for an invalid one as written, or None.

    The earliest or (`high`) the latest that is valid: `partial_model` is checked with both,
    and only what both report is reported (a problem that follows from the stand-in, such as
    "the letter is dated after the meeting", changes with it; one that does not, stays).
    """
    if not isinstance(value, str):
        return None
    if _DATE_LIKE.fullmatch(value):
        return DATE_MAX if high else DATE_MIN
    if _TIME_LIKE.fullmatch(value):
        return time(23, 59) if high else time(0, 0)
    return None


def _typed_stand_in(model: type[BaseModel], loc: tuple, written: Any, count: int, high: bool) -> Any:
    """A stand-in for a required value that was written but is invalid, by the field's type, or None.

    Dates and times: `stand_in`; a choice: the first (`high`: the last) one; text and ids: a
    placeholder of its own (no two alike, so no knock-on "ditulis dua kali"). Other types: None.
    """
    near = stand_in(written, high)
    if near is not None:
        return near
    owner = _model_at(model, loc[:-1])
    field = owner.model_fields.get(loc[-1]) if owner is not None else None
    if field is None:
        return None
    kind = field.annotation
    if typing.get_origin(kind) is typing.Literal:
        return typing.get_args(kind)[-1 if high else 0]
    if kind is str:
        return f"tidak-sah-{count}"
    return None


def partial_model(model: type[M], loaded: LoadedYaml, rounds: int = 5, *, high: bool = False) -> M | None:
    """The model with each invalid value left out (or, where a value is required, a stand-in:
    `_typed_stand_in`, the low or the `high` one), or None when that is not possible.

    Lets the checks that need a whole meeting (cross-references, dates across fields) run in
    the same pass as the type checks, so a user sees every problem at once. Only keys are
    left out, never list items, so every position reported later is still the file's own.
    """
    data = _plain(loaded.data)
    if not isinstance(data, dict):
        return None
    left_out: dict[tuple, Any] = {}  # what was written at each key left out
    for _ in range(rounds):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = _clean_loc(err["loc"])
                if not loc or isinstance(loc[-1], int):
                    return None
                parent: Any = data
                for part in loc[:-1]:
                    try:
                        parent = parent[part]
                    except (KeyError, IndexError, TypeError):
                        return None
                if not isinstance(parent, dict):
                    return None
                if err["type"] == "missing":  # required: a stand-in for what was written, if anything
                    if loc not in left_out:
                        return None
                    replacement = _typed_stand_in(model, loc, left_out.pop(loc), len(left_out), high)
                    if replacement is None:
                        return None
                    parent[loc[-1]] = replacement
                    continue
                left_out[loc] = parent.pop(loc[-1], None)
    return None
