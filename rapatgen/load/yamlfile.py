"""Read one YAML file with positions; turn every reading problem into a `Problem`.

ruamel.yaml keeps line/column marks on every mapping and sequence (PyYAML loses them).
Timestamps are kept as plain text so that an impossible date such as 2025-06-31 is
reported by validation at its own line instead of crashing the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from rapatgen.errors import InvalidInput, Problem


class _PositionConstructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as text (validated later)."""


_PositionConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda self, node: str(self.construct_scalar(node)),
)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Constructor = _PositionConstructor
    y.allow_duplicate_keys = False
    return y


@dataclass
class LoadedYaml:
    path: Path
    text: str
    data: Any


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text with a BOM and Windows line ends accepted; other bytes are an error."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InvalidInput([
            Problem(str(path), line, col,
                    f"berkas bukan teks UTF-8 (byte 0x{raw[exc.start]:02X} tidak dikenal) — "
                    "simpan ulang berkas dengan pengodean UTF-8 (di Notepad/VS Code: "
                    "'Save with Encoding' → UTF-8)")
        ]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _tab_problems(text: str, path: Path) -> list[Problem]:
    problems = []
    for m in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.end() - m.start()
        problems.append(Problem(str(path), line, col,
                                "karakter Tab dipakai untuk indentasi; YAML hanya menerima spasi — "
                                "ganti Tab dengan dua spasi"))
    return problems


_PARSER_WORDS = {
    "could not find expected ':'": "titik dua ':' tidak ditemukan setelah kunci",
    "mapping values are not allowed here": "titik dua ':' di tempat yang tidak diharapkan; "
    "jika nilainya mengandung ': ', apit nilai itu dengan tanda kutip",
    "found character '\\t' that cannot start any token": "karakter Tab tidak boleh dipakai; ganti dengan spasi",
    "did not find expected key": "indentasi tidak rata: baris ini tidak sejajar dengan kunci di atasnya",
    "did not find expected '-' indicator": "indentasi daftar tidak rata",
    "found unexpected end of stream": "tanda kutip atau kurung tidak ditutup",
    "found undefined alias": "alias '*…' dipakai sebelum didefinisikan dengan '&…'",
}


def _first_occurrence(exc: DuplicateKeyError, key: str) -> int | str:
    """Line of the earlier key with the same name in the same mapping (same column)."""
    mark = exc.problem_mark
    buffer = mark.buffer if mark is not None else None
    if not buffer:
        return "?"
    lines = buffer.split("\n")[: mark.line]
    pattern = re.compile(r"^" + " " * mark.column + r"(?:- )?['\"]?" + re.escape(key) + r"['\"]?\s*:")
    for number in range(len(lines), 0, -1):
        if pattern.match(lines[number - 1]):
            return number
    return "?"


def _parser_problem(exc: MarkedYAMLError, path: Path) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if isinstance(exc, DuplicateKeyError):
        m = re.search(r'found duplicate key "([^"]*)"', str(exc))
        key = m.group(1) if m else "?"
        first = _first_occurrence(exc, key)
        return Problem(str(path), line, col,
                       f"kunci '{key}' ditulis dua kali (pertama kali di baris {first}) — "
                       "hapus salah satunya atau gabungkan isinya")
    raw = (exc.problem or "").strip()
    text = next((v for k, v in _PARSER_WORDS.items() if raw.startswith(k)), None)
    if text is None:
        text = f"struktur YAML tidak dapat dibaca ({raw})"
    return Problem(str(path), line, col, text + " — periksa indentasi dan tanda baca di sekitar baris ini")


def read_yaml(path: str | Path) -> LoadedYaml:
    """Parse `path`; raise `InvalidInput` listing every reading problem found."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput([Problem(str(path), 1, 1, "berkas tidak ditemukan")]) from None
    except OSError as exc:
        raise InvalidInput([Problem(str(path), 1, 1, f"berkas tidak dapat dibaca ({exc.strerror})")]) from None
    text = decode(raw, path)
    tabs = _tab_problems(text, path)
    if tabs:
        raise InvalidInput(tabs)
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        raise InvalidInput([_parser_problem(exc, path)]) from None
    return LoadedYaml(path=path, text=text, data=data)


def locate(data: Any, loc: tuple, *, key_only: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the value at `loc` inside `data`.

    Walks as deep as the path exists; a missing key points at its parent mapping.
    `key_only` points at the key itself (for unknown keys) rather than its value.
    """
    node = data
    line, col = 1, 1
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap) and part in node:
            kl, kc = node.lc.key(part)
            child = node[part]
            if last and not key_only and not isinstance(child, (CommentedMap, CommentedSeq)):
                vl, vc = node.lc.value(part)
                line, col = vl + 1, vc + 1
            else:
                line, col = kl + 1, kc + 1
            node = child
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            il, ic = node.lc.item(part)
            line, col = il + 1, ic + 1
            node = node[part]
        else:
            break
    return line, col
