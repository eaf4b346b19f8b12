"""Issue 8 rule 10 on every example invitation: "Yth." lines and the attached invitee lists
name offices in full, never by acronym; `check` warns where a project would print one."""

from __future__ import annotations

from rapatgen.model.blocks import ListItem, NumberedList, Paragraph, Title
from rapatgen.documents.frame import prose
from rapatgen.resolve.addressees import acronyms, addressee_warnings
from rapatgen.check.project import load_project
from tests.conftest import ROOT
from tests.layout import example_documents, example_roots


def _addressee_lines(doc) -> list[str]:
    out, in_list = [], False
    for b in doc.text_blocks():
        if isinstance(b, Paragraph):
            text = "".join(r.text for r in b.content)
            if text.startswith("Yth. "):
                out.append(text[5:])
        if isinstance(b, Title):
            in_list = b.text == "DAFTAR UNDANGAN"
        elif in_list and isinstance(b, NumberedList):
            stack: list[ListItem] = list(b.items)
            while stack:
                item = stack.pop()
                out.append("".join(r.text for r in item.content))
                stack += [i for child in item.children if isinstance(child, NumberedList) for i in child.items]
            in_list = False
    return out


def test_every_example_invitation_addresses_full_jabatan():
    by_root = {root: load_project(root) for root in example_roots(ROOT)}
    checked = 0
    for name, doc in example_documents(ROOT):
        if doc.kind != "undangan":
            continue
        project = by_root[ROOT / name.rsplit("/", 1)[0]] if "/" in name else by_root[ROOT]
        lines = _addressee_lines(doc)
        assert lines, name
        for line in lines:
            checked += 1
            assert not acronyms(line, project.directory), f"{name}: Yth. {line}"
    assert checked > 20
    for project in by_root.values():
        assert addressee_warnings(project) == []


def test_acronyms_are_found_and_full_names_pass():
    d = load_project(ROOT).directory
    assert acronyms("Kepala Dinsos Kabupaten Buleleng", d) == ["Dinsos"]
    assert acronyms("Kepala DPMD Kabupaten Buleleng", d) == ["DPMD"]
    assert acronyms("Kepala BPS Kabupaten Buleleng", d) == ["BPS"]
    assert acronyms("Kepala Dinas Perdagangan, Perindustrian, Koperasi dan UKM Kabupaten Buleleng", d) == []
    assert acronyms("Ketua Tim Koordinasi Penanggulangan Kemiskinan (TKPK) Kabupaten Buleleng", d) == []
    assert acronyms("Kepala Bidang IV", d) == []


def test_check_warns_about_an_acronym_addressee(tmp_path):
    import shutil

    for name in ("rapatgen.yaml", "direktori.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("agendas", "program", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    text = (tmp_path / "direktori.yaml").read_text(encoding="utf-8")
    (tmp_path / "direktori.yaml").write_text(
        text.replace("kepala: Kepala Dinas Sosial Kabupaten Buleleng", "kepala: Kepala Dinsos Kabupaten Buleleng"),
        encoding="utf-8")
    warnings = addressee_warnings(load_project(tmp_path))
    assert any("'Kepala Dinsos Kabupaten Buleleng'" in w and "'Dinsos'" in w for w in warnings), warnings


def test_quoted_phrases_in_running_text_become_curly_code_like_quotes_stay():
    assert "".join(r.text for r in prose('aplikasi "SIPKT" dipakai.')) == "aplikasi “SIPKT” dipakai."
    assert "".join(r.text for r in prose('=HYPERLINK("http://x/?d="&A1,"klik")')) == '=HYPERLINK("http://x/?d="&A1,"klik")'
    assert "".join(r.text for r in prose('tinggi 12" saja')) == 'tinggi 12" saja'
