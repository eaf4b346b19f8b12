"""Warnings (not errors) about kop profiles: a letter signed by the Sekda or the head of
region takes the Setda or head-of-region kop; say so when the configuration lacks it."""

from __future__ import annotations

from rapatgen.resolve.context import Context, kop_for_signer

KOP_LABEL = {"sekretariat_daerah": "kop Sekretariat Daerah (jenis: sekretariat_daerah)",
             "kepala_daerah": "kop kepala daerah (jenis: kepala_daerah)"}


def invitations(project):
    """A resolving context and the (file, meeting) pairs that send an invitation — what the
    invitation warnings (this kop check, naming's addressee check) walk over."""
    from datetime import date

    ctx = Context(project.config, project.directory, project.root, date.today(), [])
    return ctx, [(mf, mf.model) for mf in project.meetings if mf.model.undangan is not None]


def kop_warnings(project) -> list[str]:
    """One line per meeting whose letter signer needs a kop the configuration does not have."""
    ctx, meetings = invitations(project)
    out = []
    for mf, m in meetings:
        signer = m.undangan.penandatangan.orang if m.undangan.penandatangan else \
            (project.config.penandatangan.undangan or m.pimpinan.ketua)
        wanted = kop_for_signer(project.directory, signer)
        if wanted and ctx.signer_kop_id(m, signer) is None:
            out.append(f"{mf.path.name}: undangan ditandatangani {project.directory.orang[signer].jabatan_text()}, "
                       f"tetapi rapatgen.yaml belum memuat {KOP_LABEL[wanted[0]]} untuk pemerintah ini — "
                       f"surat memakai kop '{ctx.kop_id(m)}'")
    return out
