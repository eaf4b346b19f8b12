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


# --- the letterhead rule ----------------------------------------------------------------------
# An invitation takes the kop of its signer (context.signer_kop_id: the Setda kop when the Sekda
# signs, the head-of-region kop when the head or deputy signs), every other document the meeting's
# `kop`. A document on the Sekretariat Daerah or head-of-region kop speaks for that office: its one
# signer is that office's head, or signs "a.n." it. Anything else is warned about.
OFFICE_HEADS = {"sekretariat_daerah": ("sekda",), "kepala_daerah": ("kepala_daerah", "wakil_kepala_daerah")}
OFFICE_NAME = {"sekretariat_daerah": "Sekretariat Daerah", "kepala_daerah": "kepala daerah"}


def _person_id(who) -> str | None:
    return who if isinstance(who, str) else getattr(who, "id", None)


def single_signer_documents(ctx: Context, m) -> list[tuple[str, str, object, str | None]]:
    """(document, kop id, signer, a.n. line) of the meeting's documents signed by one person."""
    out = []
    if m.undangan is not None:
        u = m.undangan
        signer = u.penandatangan.orang if u.penandatangan else (ctx.config.penandatangan.undangan or m.pimpinan.ketua)
        out.append(("undangan", ctx.signer_kop_id(m, signer) or ctx.kop_id(m), signer,
                    u.penandatangan.atas_nama if u.penandatangan else None))
    if m.rencana_aksi is not None:
        out.append(("rencana aksi", ctx.kop_id(m),
                    m.pimpinan.sekretaris or ctx.config.penandatangan.rencana_aksi or m.pimpinan.ketua, None))
    if any(it.pj for it in (*m.kesepakatan, *m.arahan)):
        out.append(("matriks tindak lanjut", ctx.kop_id(m),
                    m.pimpinan.sekretaris or ctx.config.penandatangan.tindak_lanjut or m.pimpinan.ketua, None))
    return out


def letterhead_warnings(project) -> list[str]:
    """A document on the Setda (or head-of-region) kop signed by someone else without a.n., at the
    line of the meeting's `kop` (or of its `undangan.penandatangan`)."""
    from datetime import date

    from rapatgen.resolve.people_warnings import _File

    ctx = Context(project.config, project.directory, project.root, date.today(), [])
    out: list[str] = []
    for mf in project.meetings:
        m = mf.model
        f = _File(mf, out)
        for what, kop_id, signer, atas_nama in single_signer_documents(ctx, m):
            kop = project.config.kop.get(kop_id)
            heads = OFFICE_HEADS.get(kop.jenis) if kop else None
            if not heads or atas_nama:
                continue
            pid = _person_id(signer)
            person = project.directory.orang.get(pid) if pid else None
            if person is not None and person.jenis in heads:
                continue
            who = person.jabatan_text() if person else ctx.person(signer).jabatan
            if what == "undangan":
                fix = (f"tulis 'atas_nama' di undangan.penandatangan (a.n. pimpinan kantor itu), atau pakai kop "
                       f"perangkat daerah penanda tangan ('kop:' rapat)")
                loc = ("undangan", "penandatangan") if m.undangan.penandatangan else ("kop",)
            else:
                fix = "pakai kop perangkat daerah penanda tangan ('kop:' rapat), atau pimpinan kantor itu sebagai penanda tangan"
                loc = ("kop",)
            f.warn(loc, f"{what} memakai kop {OFFICE_NAME[kop.jenis]} ('{kop_id}') tetapi ditandatangani {who} "
                        f"tanpa a.n. — {fix}")
    return out
