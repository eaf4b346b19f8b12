"""Read one YAML file with positions; turn every reading problem into a `Problem`.

PyYAML's libyaml parser (C) composes the document into nodes that carry line and column
marks; `_build` turns them into dicts and lists that remember where each key, value and
item stands (`PosDict`, `PosList`), so validation can point at the exact place. Scalars
are resolved the YAML 1.2 way (`true`/`false` only, no sexagesimal `09:00`; numbers with a
leading zero such as phone numbers stay text), and dates are
kept as text so an impossible date such as 2025-06-31 is reported at its own line by
validation instead of stopping the parser. About 20x faster than a pure-Python
round-trip parser; `followup set` edits text at these same positions.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rapatgen.text import glyphs
from rapatgen.text.errors import InvalidInput, Problem
from rapatgen.text.numbers import number

Pos = tuple[int, int]  # 0-based line, column


class PosDict(dict):
    """A mapping that remembers where each key and value stands in the file."""

    def __init__(self):
        super().__init__()
        self.key_pos: dict[Any, Pos] = {}
        self.value_pos: dict[Any, Pos] = {}
        self.value_span: dict[Any, tuple[int, int]] = {}  # character offsets: start, end (after a closing bracket)
        self.flow = False


class PosList(list):
    """A sequence that remembers where each item stands in the file."""

    def __init__(self):
        super().__init__()
        self.item_pos: list[Pos] = []
        self.item_span: list[tuple[int, int]] = []
        self.flow = False


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
    """libyaml parser with YAML 1.2 core-schema scalars; timestamps are not resolved."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    # a leading zero keeps the text: 0812… is a phone number, not 812
    ("int", r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+.0123456789"),
):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


class WrittenFloat(float):
    """A float that remembers how it was written: `6.10` keeps its trailing zero for
    values whose written precision matters (indicator figures)."""

    written: str

    def __new__(cls, text: str):
        obj = super().__new__(cls, text)
        obj.written = text
        return obj

    def __reduce__(self):
        return (WrittenFloat, (self.written,))


@dataclass
class LoadedYaml:
    path: Path
    text: str
    data: Any
    notices: list[Problem] = field(default_factory=list)  # warnings, not errors (glyphs a PDF lacks)


# --- one rule for text ----------------------------------------------------------------
# Characters that no output format can hold (XML 1.0 refuses C0 controls, U+FFFE/FFFF and
# lone surrogates; C1 controls and DEL are invisible in every format): refused at their line.
BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A 16-digit number (NIK or KK, written whole or grouped 6-6-4) must never reach a public
# minute (UU 27/2022 on personal data). NIP (18 digits) is not matched.
NIK_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{16}|[0-9]{6}[ .][0-9]{6}[ .][0-9]{4})(?![0-9])")
RAW_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")  # CR ends a line
MAX_DEPTH = 100  # nesting of mappings and lists
COMPOSE_SAFE_DEPTH = 2_000  # libyaml's recursive composer is safe (and quick) far beyond this; it crashes near 10^5
MAX_VALUES = 250_000  # values in one file, counting every expansion of an alias
MAX_INT_DIGITS = 30
# Sizes every step after check can afford (issue 17 item 9): a meeting file at the limit, all of it
# notes, builds every format in well under 1 GB of memory (README: Batas).
MAX_FILE_BYTES = 2 * 1024 * 1024  # one YAML file
MAX_TEXT_CHARS = 500_000  # one text, wherever it comes from (YAML, followup set, followup impor): ~170 pages
MAX_ITEMS = 6_000  # one list (as many as the attendance rows of a meeting: check.rules.MAX_ATTENDANCE_ROWS)




# The "…" that `rapatgen new` leaves to be filled in, standing alone (not "dst…" in a sentence).
PLACEHOLDER = re.compile(r"(?:^|\s)(…)(?:\s|$)|^\s*(\.\.\.)\s*$")


def char_name(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def text_problem(value: str) -> tuple[int, str] | None:
    """(offset, message) for the first thing in `value` that no document may hold, or None.

    The one rule for text: every string read from YAML passes here (and `followup set`
    options too), so what `check` accepts every backend can render.
    """
    if len(value) > MAX_TEXT_CHARS:
        return 0, (f"teks terlalu panjang ({number(len(value))} karakter; paling banyak {number(MAX_TEXT_CHARS)}, "
                   "sekitar 170 halaman) — ringkas teksnya, atau simpan bahan selengkapnya sebagai lampiran "
                   "dan sebut namanya di sini")
    bad = BAD_CHAR.search(value)
    if bad:
        return bad.start(), (f"karakter kendali {char_name(bad.group())} tidak dapat dicetak di dokumen — "
                             "hapus karakter itu (biasanya terbawa saat menyalin teks dari PDF atau aplikasi lain)")
    mark = PLACEHOLDER.search(value)
    if mark:
        return mark.start(1 if mark.group(1) else 2), ("isian '…' belum diganti — tulis nilainya, atau hapus baris ini bila tidak perlu "
                               "(tanda '…' dari templat rapat baru tidak boleh tercetak di surat)")
    nik = NIK_LIKE.search(value)
    if nik:
        return nik.start(), ("teks memuat nomor 16 angka yang tampak seperti NIK/nomor KK — data pribadi tidak "
                             "boleh dimuat di dokumen rapat (UU 27/2022); hapus nomor itu")
    return None


class _Duplicate(Exception):
    def __init__(self, key: str, line: int, col: int, first_line: int):
        self.key, self.line, self.col, self.first_line = key, line, col, first_line


class _Stop(Exception):
    """The file cannot be read further: one message at one node."""

    def __init__(self, node: yaml.Node, message: str):
        self.node, self.message = node, message


class _Builder:
    """Nodes → PosDict/PosList/scalars with positions; bounded in depth, size and alias use."""

    def __init__(self, text: str, path: Path):
        self.text, self.path = text, path
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.problems: list[Problem] = []
        self.notices: list[Problem] = []
        self.count = 0
        self.open: set[int] = set()  # nodes being built: an alias back to one of them is a loop

    def pos(self, index: int) -> Pos:
        """0-based (line, column) of a character offset, counting only '\n' as a line end (as editors do)."""
        line = bisect.bisect_left(self.newlines, index)
        return line, index - (self.newlines[line - 1] + 1 if line else 0)

    def at(self, mark) -> Pos:
        return self.pos(mark.index)

    def problem(self, index: int, message: str) -> None:
        line, col = self.pos(index)
        self.problems.append(Problem(str(self.path), line + 1, col + 1, message))

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Stop(node, f"berkas terlalu besar setelah alias '*…' diuraikan (lebih dari {f'{MAX_VALUES:,}'.replace(',', '.')} nilai) — "
                              "kurangi pemakaian alias")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if depth >= MAX_DEPTH:  # the 101st collection, as `_too_deep` counts levels
            raise _Stop(node, DEEP_MESSAGE)
        if id(node) in self.open:
            raise _Stop(node, "alias '*…' merujuk ke isian yang memuat dirinya sendiri — hapus alias itu")
        self.open.add(id(node))
        try:
            return self.mapping(node, depth) if isinstance(node, yaml.MappingNode) else self.sequence(node, depth)
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, depth: int) -> PosDict:
        out = PosDict()
        out.flow = bool(node.flow_style)
        for key_node, value_node in node.value:
            if key_node.tag.endswith(":merge") or (isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<"):
                merged = self.build(value_node, depth + 1)
                parts = merged if isinstance(merged, list) else [merged]
                if not all(isinstance(part, PosDict) for part in parts):
                    raise _Stop(value_node, "'<<' hanya dapat menggabungkan pemetaan ('<<: *alias' dari 'kunci: nilai') "
                                            "— bukan teks atau angka")
                for part in parts:
                    for k, v in part.items():
                        if k not in out:
                            out[k], out.key_pos[k], out.value_pos[k] = v, part.key_pos[k], part.value_pos[k]
                            out.value_span[k] = part.value_span[k]
                continue
            key = self.build(key_node, depth + 1)
            if isinstance(key, (dict, list)):
                key = str(key)
            where = self.at(key_node.start_mark)
            if key in out:
                raise _Duplicate(str(key), where[0], where[1], out.key_pos[key][0])
            out[key] = self.build(value_node, depth + 1)
            out.key_pos[key] = where
            out.value_pos[key] = self.at(value_node.start_mark)
            out.value_span[key] = (value_node.start_mark.index, value_node.end_mark.index)
        return out

    def sequence(self, node: yaml.SequenceNode, depth: int) -> PosList:
        if len(node.value) > MAX_ITEMS:
            raise _Stop(node, f"daftar ini terlalu panjang ({number(len(node.value))} butir; paling banyak "
                              f"{number(MAX_ITEMS)}) — setiap butir dicetak di dokumen; pecah menjadi beberapa berkas "
                              "rapat, atau ringkas")
        out = PosList()
        out.flow = bool(node.flow_style)
        for item in node.value:
            out.append(self.build(item, depth + 1))
            out.item_pos.append(self.at(item.start_mark))
            out.item_span.append((item.start_mark.index, item.end_mark.index))
        return out

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag.rsplit(":", 1)[-1], node.value
        if tag == "null":
            return None
        if tag == "bool":
            return value.lower() == "true"
        if tag == "int":
            digits = value.lstrip("+-")
            if len(digits) > MAX_INT_DIGITS:
                self.problem(node.start_mark.index, f"angka {len(digits)} digit terlalu besar untuk dicetak — "
                                                    "periksa nilainya (atau apit dengan tanda kutip bila ini teks)")
                return value
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        if tag == "float":
            low = value.lower().lstrip("+")
            if low in (".inf", "-.inf"):
                return -math.inf if low.startswith("-") else math.inf
            if low == ".nan":
                return math.nan
            return WrittenFloat(value)
        found = text_problem(value)
        if found:
            offset, message = found
            self.problem(self.locate_in_source(node, value, offset), message)
        elif not value.isascii():
            lacking = glyphs.missing(value)
            if lacking:
                line, col = self.pos(self.locate_in_source(node, value, lacking[0][0]))
                self.notices.append(Problem(str(self.path), line + 1, col + 1,
                                            glyphs.missing_message([ch for _, ch in lacking])))
        return value

    def locate_in_source(self, node: yaml.ScalarNode, value: str, offset: int) -> int:
        """Index in the file of `value[offset]` when written literally, else the start of the value."""
        start, end = node.start_mark.index, node.end_mark.index
        line_end = value.find("\n", offset)
        needle = value[offset:line_end if line_end >= 0 else len(value)][:40]
        if needle:
            found = self.text.find(needle, start, end)
            if found >= 0:
                return found
        return start


DEEP_MESSAGE = f"struktur terlalu dalam (lebih dari {MAX_DEPTH} tingkat) — periksa indentasi dan kurung"


def _check_depth(text: str, path: Path) -> None:
    """Refuse very deep nesting before libyaml's recursive composer sees it (it would crash).

    Cheap unless the text could be deep: each block level needs a column, each flow level a
    bracket; only then are the parser's events counted, stopping at the first level too many.
    """
    brackets = text.count("[") + text.count("{")
    if brackets <= COMPOSE_SAFE_DEPTH and max((len(m.group()) for m in _LEAD.finditer(text)),
                                              default=0) <= COMPOSE_SAFE_DEPTH:
        return  # libyaml composes this safely; the builder then refuses anything deeper than MAX_DEPTH
    try:
        problem = _too_deep(yaml.parse(text, Loader=_Loader), path)
    except yaml.YAMLError as exc:
        problem = _deep_before_error(text, path, exc)  # else compose reports the error with its position
    if problem is not None:
        raise InvalidInput([problem])


def _too_deep(events, path: Path) -> Problem | None:
    """The problem at the first collection deeper than MAX_DEPTH (the 101st level), or None.

    Stops reading `events` there: what follows is never parsed."""
    depth = 0
    for event in events:
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return Problem(str(path), mark.line + 1, mark.column + 1, DEEP_MESSAGE)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _deep_before_error(text: str, path: Path, exc: yaml.YAMLError) -> Problem | None:
    """The depth problem when the file nests more than MAX_DEPTH levels before the parser's error.

    So the same file gives the same message on every PyYAML release: libyaml 0.2.6 (bundled
    with PyYAML 6.0.4) stops at 1,000 levels with an error of its own, older releases parse on
    (and report a later syntax error, or nothing). The text before the error is read again,
    counting levels; when libyaml stops there too at its nesting limit, PyYAML's pure-Python
    parser (no nesting limit, no recursion) reads it, stopping at the 101st level, long before
    the 1,000th. A parser that stops for another reason before MAX_DEPTH finds nothing here.
    """
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return None
    before = text[:mark.index]
    try:
        return _too_deep(yaml.parse(before, Loader=_Loader), path)
    except yaml.YAMLError as again:
        if "nesting" not in str(getattr(again, "problem", "")):
            return None
    try:
        return _too_deep(yaml.parse(before, Loader=yaml.SafeLoader), path)
    except yaml.YAMLError:
        return None


_LEAD = re.compile(r"^[ ]*(?:[-?:][ ]+)*", re.MULTILINE)


def parse_text(text: str, path: Path, notices: list[Problem] | None = None) -> Any:
    """Data with positions, or `InvalidInput` at the place the YAML goes wrong.

    Warnings (characters no PDF font has) go to `notices` when given."""
    bad = _bad_char_problems(text, path)
    if bad:
        raise InvalidInput(bad)
    _check_depth(text, path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise InvalidInput([_deep_before_error(text, path, exc) or _parser_problem(exc, path)]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(str(path), 1, 1, f"struktur YAML tidak dapat dibaca ({exc})")]) from None
    if node is None:
        return None
    builder = _Builder(text, path)
    try:
        data = builder.build(node)
    except _Duplicate as dup:
        raise InvalidInput([Problem(str(path), dup.line + 1, dup.col + 1,
                                    f"kunci '{dup.key}' ditulis dua kali (pertama kali di baris {dup.first_line + 1}) — "
                                    "hapus salah satunya atau gabungkan isinya")]) from None
    except _Stop as stop:
        line, col = builder.at(stop.node.start_mark)
        raise InvalidInput([Problem(str(path), line + 1, col + 1, stop.message)]) from None
    if builder.problems:
        raise InvalidInput(builder.problems)
    if notices is not None:
        notices.extend(builder.notices)
    return data


def _bad_char_problems(text: str, path: Path) -> list[Problem]:
    """Every character of the file that no document can hold, at its own line and column."""
    problems = []
    for m in RAW_BAD_CHAR.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        problems.append(Problem(str(path), line, col, text_problem(m.group())[1]))
        if len(problems) >= 20:
            break
    return problems


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def decode(raw: bytes, path: Path, keep_line_ends: bool = False) -> str:
    """UTF-8 text with a BOM and Windows line ends accepted; other bytes are an error.

    Line ends become '\\n' unless `keep_line_ends` (a text edit must give back each line's own).
    """
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
    if keep_line_ends:
        return text
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
    "mapping values are not allowed": "titik dua ':' di tempat yang tidak diharapkan; "
    "jika nilainya mengandung ': ', apit nilai itu dengan tanda kutip",
    "found character that cannot start any token": "ada karakter yang tidak boleh mengawali nilai (mis. Tab, '@' atau '`'); "
    "apit nilai itu dengan tanda kutip",
    "did not find expected key": "indentasi tidak rata: baris ini tidak sejajar dengan kunci di atasnya",
    "did not find expected '-' indicator": "indentasi daftar tidak rata",
    "found unexpected end of stream": "tanda kutip atau kurung tidak ditutup",
    "found undefined alias": "alias '*…' dipakai sebelum didefinisikan dengan '&…'",
    "did not find expected ',' or ']'": "daftar [ … ] tidak ditutup dengan ']' atau ada koma yang hilang",
    "did not find expected ',' or '}'": "pemetaan { … } tidak ditutup dengan '}' atau ada koma yang hilang; "
    "teks yang mengandung koma diapit tanda kutip",
}


def _parser_problem(exc: yaml.MarkedYAMLError, path: Path) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    raw = (exc.problem or "").strip()
    text = next((v for k, v in _PARSER_WORDS.items() if raw.startswith(k)), None)
    if text is None:
        text = f"struktur YAML tidak dapat dibaca ({raw})"
    return Problem(str(path), line, col, text + " — periksa indentasi dan tanda baca di sekitar baris ini")


def read_yaml(path: str | Path, raw: bytes | None = None) -> LoadedYaml:
    """Parse `path` (or `raw`, its bytes already read); raise `InvalidInput` listing every reading problem found."""
    path = Path(path)
    try:
        size = path.stat().st_size if raw is None else len(raw)
        if size > MAX_FILE_BYTES:
            raise InvalidInput([Problem(str(path), 1, 1, f"berkas terlalu besar ({number(size / 1024 / 1024, 1)} MB; paling besar "
                                                         f"{MAX_FILE_BYTES // 1024 // 1024} MB) — pecah menjadi beberapa "
                                                         "berkas, atau ringkas catatan yang panjang")])
        raw = path.read_bytes() if raw is None else raw
    except FileNotFoundError:
        raise InvalidInput([Problem(str(path), 1, 1, "berkas tidak ditemukan")]) from None
    except OSError as exc:
        raise InvalidInput([Problem(str(path), 1, 1, f"berkas tidak dapat dibaca ({exc.strerror})")]) from None
    text = decode(raw, path)
    tabs = _tab_problems(text, path)
    if tabs:
        raise InvalidInput(tabs)
    notices: list[Problem] = []
    data = parse_text(text, path, notices)
    return LoadedYaml(path=path, text=text, data=data, notices=notices)


def locate(data: Any, loc: tuple, *, key_only: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the value at `loc` inside `data`.

    Walks as deep as the path exists; a missing key points at its parent mapping.
    `key_only` points at the key itself (for unknown keys) rather than its value.
    """
    node = data
    line, col = 1, 1
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, PosDict) and part in node:
            child = node[part]
            if last and not key_only and not isinstance(child, (PosDict, PosList)):
                vl, vc = node.value_pos[part]
            else:
                vl, vc = node.key_pos[part]
            line, col = vl + 1, vc + 1
            node = child
        elif isinstance(node, PosList) and isinstance(part, int) and 0 <= part < len(node):
            il, ic = node.item_pos[part]
            line, col = il + 1, ic + 1
            node = node[part]
        else:
            break
    return line, col
