"""Issue 17.2: no text from YAML becomes a formula in any XLSX rapatgen writes.

One writer (`rapatgen/render/xlsxcell.py: put`) stores every cell. Two checks keep it so:
- the code: no module but the writer assigns a cell value (`cell.value = …`, `ws["A1"] = …`,
  `ws.cell(…, value=…)`, `ws.append(…)`, openpyxl's own Cell classes);
- the files: a formula-like text in every free-text field of the example project (meetings,
  directory, configuration, programme), then every XLSX the project writes — the tracker
  (build), the request forms (`followup minta`) and the register export (`nomor --xlsx`) —
  read back cell by cell: no cell is a formula or an error value.
"""

import ast
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from rapatgen.cli import main
from rapatgen.text.errors import InvalidInput
from rapatgen.load.yamlfile import _Loader
from tests.conftest import ROOT, copy_root_project

PACKAGE = ROOT / "rapatgen"
WRITER = PACKAGE / "render" / "xlsxcell.py"
INTENDED_FORMULAS: set[tuple[str, str, str]] = set()  # (file name, sheet, cell) the project means as formulas: none
PER = "2025-03-31"


# --- the code ---------------------------------------------------------------------------------
COORDINATE = re.compile(r"^\$?[A-Za-z]{1,3}\$?[0-9]+$")
SHEET_SOURCES = {"active", "create_sheet", "copy_worksheet", "get_sheet_by_name", "worksheets"}


def _names(node) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _is_sheet_expr(node, books: set[str]) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr in SHEET_SOURCES:
            return True
        if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id in books:
            return True
    return False


def cell_writes(source: str, name: str = "<code>") -> list[str]:
    """Where `source` writes an openpyxl cell by itself (bypassing the writer): 'name:line: what'."""
    tree = ast.parse(source)
    books, sheets = set(), set()
    for node in ast.walk(tree):  # workbooks, then the sheets taken from them
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("Workbook", "load_workbook"):
                books |= set().union(*(_names(t) for t in node.targets))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_sheet_expr(node.value, books):
            sheets |= set().union(*(_names(t) for t in node.targets))
        elif isinstance(node, (ast.For, ast.comprehension)) and _is_sheet_expr(node.iter, books):
            sheets |= _names(node.target)
    found = []

    def flag(node, what):
        found.append(f"{name}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        while any(isinstance(t, (ast.Tuple, ast.List, ast.Starred)) for t in targets):  # a, ws["A1"] = …
            targets = [e for t in targets for e in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else
                                                     [t.value] if isinstance(t, ast.Starred) else [t])]
        for t in targets:
            if isinstance(t, ast.Attribute) and t.attr in ("value", "_value"):
                flag(node, "a cell's value assigned")
            if isinstance(t, ast.Subscript):
                key = t.slice
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and COORDINATE.match(key.value):
                    flag(node, f"ws[{key.value!r}] assigned")
                elif isinstance(key, ast.JoinedStr) and key.values and isinstance(key.values[0], ast.Constant) \
                        and re.fullmatch(r"\$?[A-Za-z]{1,3}\$?", str(key.values[0].value)):
                    flag(node, "ws[f'…'] assigned")
                elif isinstance(t.value, ast.Name) and t.value.id in sheets:
                    flag(node, f"{t.value.id}[…] assigned")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, receiver = node.func.attr, node.func.value
            if attr == "cell" and (len(node.args) >= 3 or any(k.arg == "value" for k in node.keywords)):
                flag(node, ".cell(…, value) called")
            if attr == "append" and isinstance(receiver, ast.Name) and receiver.id in sheets:
                flag(node, f"{receiver.id}.append(…) called")
            elif attr == "append" and _is_sheet_expr(receiver, books):
                flag(node, "sheet.append(…) called")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl.cell"):
            flag(node, f"openpyxl cell classes imported ({', '.join(a.name for a in node.names)})")
        if isinstance(node, ast.keyword) and node.arg == "write_only":
            flag(node.value, "write-only workbook")
    return found


@pytest.mark.parametrize("code", [
    "ws['A1'] = x", "ws[f'A{row}'] = x", "ws.cell(row=1, column=2, value=x)", "ws.cell(1, 2, x)",
    "ws.cell(row=1, column=2).value = x", "c.value = x",
    "wb = Workbook()\nws = wb.active\nws.append([x])", "wb = Workbook()\nmeta = wb.create_sheet('m')\nmeta.append([x])",
    "wb = load_workbook(p)\nwb['Lembar'].append([x])", "wb = Workbook()\nfor ws in wb.worksheets:\n    ws.append([x])",
    "wb = Workbook()\nsheet = wb['S']\nsheet[1] = x",
    "from openpyxl.cell import WriteOnlyCell", "from openpyxl.cell.cell import Cell", "Workbook(write_only=True)",
])
def test_the_code_check_sees_every_way_around_the_writer(code):
    assert cell_writes(code), code


def test_the_code_check_leaves_ordinary_code_alone():
    ordinary = ("rows = []\nrows.append(1)\nd = {}\nd['key'] = 1\nd[f'{k}x'] = 2\nws.cell(row=1, column=2).font = f\n"
                "put(ws, 1, 1, x)\nws.column_dimensions['A'].width = 5\n")
    assert cell_writes(ordinary) == []


def test_no_module_writes_an_xlsx_cell_but_the_writer():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != WRITER:
            found += cell_writes(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "XLSX cells written outside rapatgen/render/xlsxcell.py (use put/put_row):\n" + "\n".join(found)


# --- the files ----------------------------------------------------------------------------------
# formulas (numbered, to find each back) and the error values openpyxl would store as such
PAYLOADS = ['=HYPERLINK("http://x/{n}","klik")', "+{n}+1", "-{n}+1", "@SUM({n})", "=1+{n}", "#N/A", "=A{n}", "#REF!",
            "-{n}", "#NAME?", "+{n}", "#DIV/0!"]
# ids name files and are referred to (a reference is any value equal to an id or a key); paths name files
# and `penomoran.pola` is the pattern of letter numbers (kode and unit, free text, go into it)
NOT_FREE_TEXT = {"id", "logo", "direktori", "folder_rapat", "folder_keluaran", "folder_program", "pola"}


def _yaml_files(root: Path) -> list[Path]:
    return [root / "rapatgen.yaml", root / "direktori.yaml", *sorted((root / "agendas").glob("*.yaml")),
            *sorted((root / "program").glob("*.yaml"))]


def _leaves(node, key=None):
    """(value node, its key) for every string scalar value under `node` (mapping keys are not values)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _leaves(v, k.value if isinstance(k, yaml.ScalarNode) else None)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            yield from _leaves(v, key)
    elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
        yield node, key


def _names_in(node) -> set[str]:
    """Every id value and mapping key: texts other fields may refer to."""
    out = set()
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                out.add(k.value)
                if k.value == "id" and isinstance(v, yaml.ScalarNode):
                    out.add(v.value)
            out |= _names_in(v)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            out |= _names_in(v)
    return out


def _quotes(message: str, payload: str) -> bool:
    """`payload` stands in `message` as a whole ('=1+4' is not in '=1+42')."""
    return re.search(re.escape(payload) + r"(?![0-9A-Za-z])", message) is not None


class Injected:
    """The project's YAML with a formula-like text in each free-text value `check` accepts it in."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.original = {p: p.read_text(encoding="utf-8") for p in _yaml_files(self.root)}
        trees = {p: yaml.compose(t, Loader=_Loader) for p, t in self.original.items()}
        names = set().union(*(_names_in(t) for t in trees.values()))
        self.leaves = {}  # path -> [(start, end, key, payload, payload kind)]
        n = 0
        for path, tree in trees.items():
            mine, t = [], self.original[path]
            for node, key in _leaves(tree):
                if key in NOT_FREE_TEXT or node.value in names:
                    continue
                n += 1
                kind = n % len(PAYLOADS)
                start, end = node.start_mark.index, node.end_mark.index
                end = start + len(t[start:end].rstrip())  # a block scalar ends at the next line: keep the line end
                mine.append((start, end, key, PAYLOADS[kind].format(n=n), kind))
            self.leaves[path] = mine

    def write(self) -> None:
        """Write the files with the payloads; remember where (line, column, 1-based) each one stands."""
        self.where = {}
        for path, text in self.original.items():
            pieces, at = [], 0
            for leaf in sorted(self.leaves[path]):
                start, end, payload = leaf[0], leaf[1], leaf[3]
                pieces.append(text[at:start])
                written = "".join(pieces)
                self.where[id(leaf)] = (written.count("\n") + 1, len(written) - written.rfind("\n"))
                pieces.append(json.dumps(payload))
                at = end
            pieces.append(text[at:])
            path.write_text("".join(pieces), encoding="utf-8")

    def settle(self, rounds: int = 12) -> None:
        """Put the original back wherever `check` refuses the payload (dates, times, choices, references)."""
        from rapatgen.check.project import load_project

        for _ in range(rounds):
            self.write()
            try:
                load_project(self.root)
                return
            except InvalidInput as exc:
                problems = exc.problems
            for p in problems:
                for owner, leaf in self._culprits(p):
                    if leaf in owner:
                        owner.remove(leaf)
        raise AssertionError(f"the injected project is still invalid after {rounds} rounds: {problems[:5]}")

    def _culprits(self, p) -> list[tuple[list, tuple]]:
        """The injected values `check`'s problem `p` is about, each with the list it stands in."""
        path = Path(p.file).resolve()
        mine = self.leaves.get(path)
        assert mine is not None, f"a problem outside the injected files: {p}"
        # the numbered value the message quotes (in this file or another: a region named in rapatgen.yaml)
        found = [(m, leaf) for m in self.leaves.values() for leaf in m
                 if "{n}" in PAYLOADS[leaf[4]] and _quotes(p.message, leaf[3])]
        if found:
            return found
        line = {id(leaf): self.where[id(leaf)][0] for leaf in mine}
        found = [(mine, leaf) for leaf in mine if self.where[id(leaf)] == (p.line, p.column)] \
            or [(mine, leaf) for leaf in mine if line[id(leaf)] == p.line]  # the value at the reported place
        if found:
            return found
        # reported at its mapping: the first value below that the message quotes, else the nearest before
        quoted = [leaf for leaf in mine if _quotes(p.message, leaf[3]) and line[id(leaf)] >= p.line]
        before = [leaf for leaf in mine if line[id(leaf)] <= p.line]
        if quoted:
            return [(mine, min(quoted, key=lambda x: x[0]))]
        return [(mine, max(before, key=lambda x: x[0]) if before else mine[0])]

    def payloads(self) -> list[tuple[str, str, str]]:
        """(payload, file name, key) of every injected value kept."""
        return [(leaf[3], path.name, leaf[2]) for path, mine in self.leaves.items() for leaf in mine]


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    root = copy_root_project(tmp_path_factory.mktemp("rumus") / "proyek")
    project = Injected(root)
    project.settle()
    for args in (["build", "--per", PER], ["followup", "minta", "--per", PER, "--urut", "7"],
                 ["nomor", "--xlsx", str(root / "outputs" / "buku-agenda.xlsx")]):
        r = CliRunner().invoke(main, [*args, "--proyek", str(root)])
        assert r.exit_code == 0, (args, r.output)
    return project


def _workbooks(root: Path) -> list[Path]:
    return sorted(root.rglob("*.xlsx"))


@pytest.mark.slow
def test_formula_like_text_reaches_the_free_text_fields(injected):
    kept = {(name, key) for _, name, key in injected.payloads()}
    for where in [("direktori.yaml", "nama"), ("rapatgen.yaml", "nama"), ("2023.yaml", "judul"),
                  ("2023-12-14-rakor-tkpk-buleleng.yaml", "isi"), ("2023-12-14-rakor-tkpk-buleleng.yaml", "catatan"),
                  ("2023-12-14-rakor-tkpk-buleleng.yaml", "judul"), ("2025-02-sosialisasi-dtsen-buleleng.yaml", "hal")]:
        assert where in kept, where
    assert len(kept) >= 40 and sum(len(m) for m in injected.leaves.values()) >= 150


@pytest.mark.slow
def test_no_cell_of_any_xlsx_is_a_formula(injected):
    payloads = tuple({p for p, _, _ in injected.payloads()})
    books = _workbooks(injected.root)
    names = {p.name for p in books}
    assert "matriks-tindak-lanjut.xlsx" in names and "buku-agenda.xlsx" in names
    assert any(n.startswith("formulir-") for n in names)
    formulas, unquoted, reached = [], [], {}
    for path in books:
        wb = load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    where = (path.name, ws.title, cell.coordinate)
                    if cell.data_type in ("f", "e") and where not in INTENDED_FORMULAS:
                        formulas.append((*where, cell.data_type, cell.value))
                    if isinstance(cell.value, str):
                        if cell.value.startswith(("=", "+", "-", "@")) and not cell.quotePrefix:
                            unquoted.append((*where, cell.value))
                        if cell.value.startswith(payloads):
                            reached.setdefault((path.name, ws.title), 0)
                            reached[(path.name, ws.title)] += 1
    assert formulas == [], formulas
    assert unquoted == [], unquoted
    # the payloads got into every sheet that carries text from YAML
    for sheet in ["Tindak Lanjut", "Ringkasan per OPD", "Ringkasan per Butir"]:
        assert reached.get(("matriks-tindak-lanjut.xlsx", sheet)), (sheet, reached)
    assert reached.get(("buku-agenda.xlsx", "Buku Agenda Surat Keluar")), reached
    assert any(book.startswith("formulir-") and sheet == "Tindak Lanjut" for book, sheet in reached), reached


@pytest.mark.slow
def test_the_agreement_of_issue_17_stays_text_in_every_sheet(injected):
    """The reproducer: `isi: "=HYPERLINK(…)"` (the summary per item was a live formula)."""
    isi = [p for p, _, key in injected.payloads() if key == "isi" and p.startswith("=HYPERLINK")]
    assert isi
    wb = load_workbook(injected.root / "outputs" / "matriks-tindak-lanjut.xlsx")
    seen = {ws.title for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value in isi
            and c.data_type == "s" and c.quotePrefix}
    assert {"Tindak Lanjut", "Ringkasan per Butir"} <= seen
