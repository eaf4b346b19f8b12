"""Warnings (not errors) about kop profiles: a letter signed by the Sekda or the head of
region takes the Setda or head-of-region kop; say so when the configuration lacks it."""

from __future__ import annotations

from rapatgen.resolve import Context, kop_for_signer

KOP_LABEL = {"sekretariat_daerah": "kop Sekretariat Daerah (jenis: sekretariat_daerah)",
             "kepala_daerah": "kop kepala daerah (jenis: kepala_daerah)"}


def kop_warnings(project) -> list[str]:
    """One line per meeting whose letter signer needs a kop the configuration does not have."""
    from datetime import date

    ctx = Context(project.config, project.directory, project.root, date.today(), [])
    out = []
    for mf in project.meetings:
        m = mf.model
        if m.undangan is None:
            continue
        signer = m.undangan.penandatangan.orang if m.undangan.penandatangan else \
            (project.config.penandatangan.undangan or m.pimpinan.ketua)
        wanted = kop_for_signer(project.directory, signer)
        if wanted and ctx.signer_kop_id(m, signer) is None:
            out.append(f"{mf.path.name}: undangan ditandatangani {project.directory.orang[signer].jabatan}, "
                       f"tetapi rapatgen.yaml belum memuat {KOP_LABEL[wanted[0]]} untuk pemerintah ini — "
                       f"surat memakai kop '{ctx.kop_id(m)}'")
    return out
