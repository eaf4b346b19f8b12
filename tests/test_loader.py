"""The YAML reader: positions, duplicate keys, tabs, encodings, BOM and CRLF."""

import pytest

from rapatgen.text.errors import InvalidInput
from rapatgen.load import locate, read_yaml


def write(tmp_path, data: bytes):
    p = tmp_path / "rapat.yaml"
    p.write_bytes(data)
    return p


def problems(path):
    with pytest.raises(InvalidInput) as exc:
        read_yaml(path)
    return exc.value.problems


def test_duplicate_key_names_both_lines(tmp_path):
    p = write(tmp_path, b"id: a\njudul: x\njudul: y\n")
    (pr,) = problems(p)
    assert (pr.line, pr.column) == (3, 1)
    assert "'judul' ditulis dua kali" in pr.message and "baris 2" in pr.message


def test_tab_indentation_is_reported_at_each_line(tmp_path):
    p = write(tmp_path, b"sesi:\n\t- tanggal: 2025-01-01\nx:\n  \ty: 1\n")
    found = problems(p)
    assert [x.line for x in found] == [2, 4]
    assert all("Tab" in x.message for x in found)


def test_non_utf8_bytes_are_located(tmp_path):
    p = write(tmp_path, "judul: Rapat\ntempat: Caf".encode() + b"\xe9\n")
    (pr,) = problems(p)
    assert (pr.line, pr.column) == (2, 12)
    assert "UTF-8" in pr.message


def test_bom_and_crlf_just_work(tmp_path):
    p = write(tmp_path, "\ufeffid: a\r\njudul: Rapat\r\n".encode("utf-8"))
    data = read_yaml(p).data
    assert data == {"id": "a", "judul": "Rapat"}
    assert locate(data, ("judul",)) == (2, 8)


def test_bad_structure_gives_indonesian_hint(tmp_path):
    p = write(tmp_path, b"id: a\njudul: \"tidak ditutup\n")
    (pr,) = problems(p)
    assert pr.line >= 2 and "periksa" in pr.message


def test_dates_stay_text_so_impossible_dates_do_not_crash(tmp_path):
    p = write(tmp_path, b"tanggal: 2025-06-31\n")
    assert read_yaml(p).data["tanggal"] == "2025-06-31"


def test_locate_walks_nested_lists_and_maps(tmp_path):
    p = write(tmp_path, b"a:\n  - x: 1\n  - x: 2\n    y: [1, 2]\n")
    data = read_yaml(p).data
    assert locate(data, ("a", 1, "x")) == (3, 8)
    assert locate(data, ("a", 1, "y", 1)) == (4, 12)
    assert locate(data, ("a", 1, "missing")) == (3, 5)
    assert locate(data, ("a", 1, "y"), key_only=True) == (4, 5)


def test_yaml_1_2_scalars_and_indonesian_numbers(tmp_path):
    p = write(tmp_path, b"jam: 09:00\nya: yes\nbenar: true\nhp: 0812000\nangka: 1250000\npersen: 5.78\ntanggal: 2025-03-11\n")
    data = read_yaml(p).data
    assert data == {"jam": "09:00", "ya": "yes", "benar": True, "hp": "0812000", "angka": 1250000,
                    "persen": 5.78, "tanggal": "2025-03-11"}


def test_merge_keys_and_anchors_work(tmp_path):
    p = write(tmp_path, b"dasar: &d {mulai: '09.00', tempat: X}\nsesi:\n  - <<: *d\n    tanggal: 2025-01-01\n")
    assert read_yaml(p).data["sesi"][0] == {"mulai": "09.00", "tempat": "X", "tanggal": "2025-01-01"}


# Depth: one message at one place whatever the parser release. libyaml 0.2.6 (PyYAML 6.0.4)
# stops at 1,000 levels with its own error, older releases parse on: the project's own limit
# (100 levels) must be what the user reads, at the first level too many, in both cases.
_DEEP = "struktur terlalu dalam (lebih dari 100 tingkat) — periksa indentasi dan kurung"


@pytest.mark.parametrize("text,where", [
    ("x: " + "[" * 100_000 + "]" * 100_000 + "\n", (1, 103)),  # beyond libyaml's 1,000, flow
    ("x: " + "[" * 999 + "]" * 999 + "\n", (1, 103)),
    ("x: " + "[" * 100 + "]" * 100 + "\n", (1, 103)),  # 101 levels: the map and 100 lists
    ("".join(" " * i + f"k{i}:\n" for i in range(1000)) + " " * 1000 + "v: 1\n", (101, 101)),  # block
    ("".join(" " * i + f"k{i}:\n" for i in range(150)) + " " * 150 + "v: 1\n", (101, 101)),
    ("x:\n" + "- " * 1200 + "v\n", (2, 199)),  # compact block sequences on one line
    ("x: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n", (1, 400)),
    ("x: " + "[" * 1200 + "\n" + "]" * 1200 + "\n: :\n", (1, 103)),  # deep, then a syntax error
], ids=["100000-deep flow", "999-deep flow", "101 levels", "1000-deep block", "150-deep block",
        "1200-deep compact", "2000-deep flow map", "deep then broken"])
def test_too_deep_is_one_message_at_the_first_level_too_many(tmp_path, text, where):
    found = problems(write(tmp_path, text.encode()))
    assert [(p.line, p.column, p.message) for p in found] == [(*where, _DEEP)]


def test_one_hundred_levels_are_read(tmp_path):
    data = read_yaml(write(tmp_path, ("x: " + "[" * 99 + "1" + "]" * 99 + "\n").encode())).data
    for _ in range(99):
        data = data[0] if isinstance(data, list) else data["x"]
    assert data == [1]
