"""SRIKANDI mode: letters ready for upload to SRIKANDI, which fills in the official
number, date and electronic signature itself.

The fields SRIKANDI recognises are written literally where those facts go:
`${nomor_naskah}`, `${tanggal_naskah}`, `${ttd_pengirim}` in a free space of about
3 × 3 cm where the signature (QR code) is placed, and `${jabatan_pengirim}`,
`${nama_pengirim}`, `${nip_pengirim}` on the signer's lines; with several signers
each is numbered (`${ttd_pengirim1}`, `${ttd_pengirim2}`, …). Each field is its own
run of uniform formatting, so Word keeps it in one `w:t` (a field split over runs is
not recognised), and Typst writes it as one piece of extractable text in the PDF.
The BSrE sentence for electronically signed letters is the footer of every page, the
lampiran's too (`Document.footer_note`, both backends). A signer who shows no NIP on paper
(kepala daerah, wakil, sekda — Permendagri 1/2023 Pasal 44) gets no `${nip_pengirim}` either.
The paraf koordinasi table is left out: SRIKANDI's verifiers initial in the application.

Any letter kind is made ready the same way: `for_srikandi(document)` on its composed
document (undangan, surat permintaan of `followup minta`, a surat pengantar), then render.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapatgen.model.blocks import AttachmentHeader, Document, LabelValue, Paragraph, Run, SignatureBlock, Signatures
from rapatgen.text.templating import get_template

SIGNATURE_BOX_CM = 3.2  # SRIKANDI's signature/QR image is about 3 × 3 cm
DATE_LINE = re.compile(r"^(?P<place>[^,]+), \d{1,2} \w+ \d{4}$")


def field(name: str, n: int | None = None) -> str:
    return "${" + name + (str(n) if n else "") + "}"


def bsre_sentence() -> str:
    return " ".join(get_template("teks/srikandi_bsre.j2").render().split())


def _text(p: Paragraph) -> str:
    return "".join(r.text for r in p.content)


def _signer_key(b: SignatureBlock) -> str:
    return b.name


def for_srikandi(doc: Document) -> Document:
    """A copy of `doc` with SRIKANDI's fields in place of number, date and signatures."""
    signers: list[str] = []
    for b in (b for s in doc.sections for x in s.blocks if isinstance(x, Signatures) for b in x.blocks):
        if _signer_key(b) not in signers:
            signers.append(_signer_key(b))
    numbered = len(signers) > 1

    def sig(b: SignatureBlock) -> SignatureBlock:
        n = signers.index(_signer_key(b)) + 1 if numbered else None
        kept = [x for x in b.lines_above[:-1]]  # a.n./u.b./Mengetahui lines stay; the jabatan line is SRIKANDI's
        nip = [field("nip_pengirim", n)] if any(has_nip(line) for line in b.below) else []
        return SignatureBlock(lines_above=kept + [field("jabatan_pengirim", n)], name=field("nama_pengirim", n),
                              below=nip, space_text=field("ttd_pengirim", n), space_cm=SIGNATURE_BOX_CM)

    sections = []
    for sec in doc.sections:
        blocks = []
        for b in sec.blocks:
            if isinstance(b, LabelValue):
                rows = [(label, [[Run(field("nomor_naskah"))]] if label == "Nomor" else values) for label, values in b.rows]
                b = replace(b, rows=rows)
            elif isinstance(b, Paragraph) and b.align == "right" and DATE_LINE.match(_text(b)):
                place = DATE_LINE.match(_text(b)).group("place")
                b = replace(b, content=[Run(f"{place}, "), Run(field("tanggal_naskah"))])
            elif isinstance(b, AttachmentHeader):
                values = {"NOMOR": field("nomor_naskah"), "TANGGAL": field("tanggal_naskah")}
                b = replace(b, rows=[(label, values.get(label, value)) for label, value in b.rows])
            elif isinstance(b, Signatures):
                b = Signatures([sig(x) for x in b.blocks])  # without paraf: SRIKANDI's verifiers initial
            blocks.append(b)
        sections.append(replace(sec, blocks=blocks))
    return replace(doc, sections=sections, title=doc.title + " (SRIKANDI)", footer_note=bsre_sentence())


def has_nip(line: str) -> bool:
    """A signer's identity-number line (NIP or NI PPPK, whatever label_nip says: 18 digits), not the pangkat."""
    return sum(ch.isdigit() for ch in line) >= 8


def write_invitations(project, meeting_ids: list[str] | None, as_of) -> list:
    """outputs/<rapat>/srikandi/undangan-….{docx,pdf} for the meetings asked (their letters in SRIKANDI form)."""
    from rapatgen.build.units import file_name
    from rapatgen.documents.frame import Skip
    from rapatgen.documents.undangan import compose_undangan
    from rapatgen.render import RENDERERS
    from rapatgen.resolve.context import Context
    from rapatgen.files.atomic import write_atomic

    ctx = Context(project.config, project.directory, project.root, as_of, [mf.model for mf in project.meetings])
    written = []
    for mf in project.meetings:
        m = mf.model
        if meeting_ids and m.id not in meeting_ids:
            continue
        try:
            letters = compose_undangan(ctx, m)
        except Skip:
            continue
        for letter in letters:
            doc = for_srikandi(letter.document)
            for fmt in ("docx", "pdf"):
                target = project.output_dir / m.id / "srikandi" / file_name("undangan", m.id, letter.suffix, fmt)
                written.append(write_atomic(target, RENDERERS[fmt](doc)))
    return written
