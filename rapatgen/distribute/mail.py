"""`rapatgen kirim`: one message per recipient with the built PDF attached.

Without SMTP settings the messages are written as `.eml` drafts into
`outputs/<rapat>/surel/` (any mail client opens them). With `surel.smtp` in
rapatgen.yaml they are sent; the password comes from an environment variable, never
from YAML. Every message is recorded in `.rapatgen/terkirim.json` (`sentlog.py`) as it
goes, so a retry after a failure, a dropped connection or a kill sends only what is still
missing, and the same document never goes to the same address twice unless asked
(`--ulang`). The command runs under the project lock: two sends at once send each letter once.
Each message is measured (its encoded size, attachments included) before any is sent.
"""

from __future__ import annotations

import hashlib
import os
import re
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timezone
import email.policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

from rapatgen.distribute.sentlog import SENDING, SentLog
from rapatgen.text import locale as L
from rapatgen.text.errors import RapatgenError, UsageError
from rapatgen.model.meeting import Pihak, Rapat
from rapatgen.check.project import Project
from rapatgen.resolve.context import Context, session_place
from rapatgen.text.templating import get_template
from rapatgen.files.atomic import write_atomic

DOC_LABELS = {"undangan": "Surat Undangan", "daftar-hadir": "Daftar Hadir", "notulen": "Notulen",
              "berita-acara": "Berita Acara Kesepakatan", "rencana-aksi": "Matriks Rencana Aksi",
              "tindak-lanjut": "Matriks Tindak Lanjut", "berkas": "Berkas Rapat"}
MAX_ATTACHMENT_MB = 20
SMTP_TIMEOUT_S = 30


@dataclass
class Recipient:
    key: str  # directory id (person or institution), or the address itself
    name: str
    address: str
    via: str | None = None  # "alamat instansi" when a person is reached through the institution's address
    letters: list[str] | None = None  # undangan: the file stems that are this recipient's own letters


@dataclass
class Plan:
    recipients: list[Recipient] = field(default_factory=list)
    without_address: list[str] = field(default_factory=list)  # names nobody can be reached at
    without_letter: list[str] = field(default_factory=list)  # narasumber with no letter addressed to them
    attachments: list[Path] = field(default_factory=list)


# --- who ---------------------------------------------------------------------------------------
def _entries(m: Rapat, kind: str, directory) -> list[Pihak | str]:
    """People and institutions a document goes to: invitees for undangan, else those present."""
    invited: list[str] = []
    for y in (m.undangan.yth if m.undangan else []):
        if y.id and y.id in directory.kelompok:
            invited += directory.kelompok[y.id].anggota
        elif y.id:
            invited.append(y.id)
    speakers = [n for n in m.narasumber]
    if kind == "undangan":
        return [*invited, *speakers]
    present = [h for h in m.hadir]
    chair = [p for p in (m.pimpinan.ketua, m.pimpinan.sekretaris) if p]
    return [*(present or invited), *speakers, *chair]


def _resolve(ctx: Context, who: Pihak | str) -> tuple[str, str, str | None, str | None]:
    """(key, name, address, via) of one entry; address None when the directory has none."""
    d = ctx.directory
    ref = who if isinstance(who, str) else who.id
    if ref and ref in d.orang:
        o = d.orang[ref]
        p = ctx.person(ref)
        if o.surel:
            return ref, p.nama, o.surel, None
        inst = d.instansi.get(o.instansi) if o.instansi else None
        if inst and inst.surel:
            return o.instansi, inst.kepala or inst.nama, inst.surel, f"{p.nama} (lewat alamat instansi)"
        return ref, p.nama, None, None
    if ref and ref in d.instansi:
        inst = d.instansi[ref]
        return ref, inst.kepala or inst.nama, inst.surel, None
    if isinstance(who, Pihak):  # written inline: reach the institution it names
        inst_id = who.instansi if who.instansi in d.instansi else None
        name = who.nama or who.jabatan or ""
        if inst_id and d.instansi[inst_id].surel:
            return inst_id, d.instansi[inst_id].kepala or d.instansi[inst_id].nama, d.instansi[inst_id].surel, \
                f"{name} (lewat alamat instansi)"
        return name, name, None, None
    return str(ref), str(ref), None, None


def _invitation_entries(ctx: Context, m: Rapat) -> tuple[list[tuple[Pihak | str, list[str]]], list[str]]:
    """(who, the stems of their own letters) for every invitee of every letter, a group's letter going to each
    member, a series' letter only to that session's invitees; the narasumber get the letters meant for
    all (one per session) — with per-invitee letters and no letter addressed to them, they are named instead."""
    from rapatgen.build.units import file_name
    from rapatgen.documents.undangan import letter_plan

    d = ctx.directory
    entries: list[tuple[Pihak | str, list[str]]] = []
    general: list[str] = []
    for suffix, _, invitees, addressee in letter_plan(ctx, m):
        stem = file_name("undangan", m.id, suffix, "pdf").removesuffix(".pdf")
        if addressee is None:
            general.append(stem)
        for y in invitees:
            members = d.kelompok[y.id].anggota if y.id and y.id in d.kelompok else [y.id or y.jabatan]
            entries += [(who, [stem]) for who in members]
    invited = {who for who, _ in entries if isinstance(who, str)}
    without_letter = []
    for n in m.narasumber:
        if n.id and n.id in invited:
            continue
        if general:
            entries.append((n, list(general)))
        else:
            without_letter.append(_resolve(ctx, n)[1])
    return entries, without_letter


def plan(ctx: Context, project: Project, m: Rapat, kind: str) -> Plan:
    out = Plan()
    by_address: dict[str, Recipient] = {}
    if kind == "undangan" and m.undangan is not None:
        from rapatgen.documents.undangan import signer_of

        entries, out.without_letter = _invitation_entries(ctx, m)
        signer = signer_of(ctx, m)
        signer = signer if isinstance(signer, str) else signer.id
    else:
        entries, signer = [(who, None) for who in _entries(m, kind, ctx.directory)], None
    for who, letters in entries:
        key, name, address, _ = _resolve(ctx, who)
        if signer and key == signer:
            continue  # the one who signs the letter is not sent it
        if not address:
            if name and name not in out.without_address:
                out.without_address.append(name)
            continue
        known = by_address.get(address.lower())
        if known is not None:
            if known.letters is not None and letters:
                known.letters += [x for x in letters if x not in known.letters]
            continue
        by_address[address.lower()] = Recipient(key, name, address, letters=list(letters) if letters else None)
        out.recipients.append(by_address[address.lower()])
    folder = project.output_dir / m.id
    prefix = f"{kind}-{m.id}" if kind != "berkas" else f"berkas-{m.id}"
    out.attachments = sorted(p for p in folder.glob(f"{prefix}*.pdf") if "(baru)" not in p.name)
    return out


# --- what ------------------------------------------------------------------------------------
def _sender(ctx: Context) -> tuple[str, str]:
    s = ctx.config.surel
    if s is None:
        raise UsageError("rapatgen.yaml belum memuat bagian 'surel' (alamat pengirim) — tambahkan mis.\n"
                         "surel:\n  pengirim: sekretariat.tkpk@contoh.go.id")
    return s.nama_pengirim or ctx.config.organisasi.singkatan or ctx.config.organisasi.nama, s.pengirim


def _attachments_for(r: Recipient, files: list[Path]) -> list[Path]:
    """An invitee's own letters (per addressee, per session); for the other documents every file of the kind."""
    if r.letters is not None:
        return [p for p in files if p.stem in r.letters]
    own = [p for p in files if p.stem.endswith(f"-{r.key}")]
    return own or [p for p in files if not re.search(r"-\d\d-[^-]+$", p.stem)] or files


def message(ctx: Context, m: Rapat, kind: str, r: Recipient, files: list[Path], now: datetime) -> EmailMessage:
    name, address = _sender(ctx)
    values = {"dokumen": DOC_LABELS.get(kind, kind), "judul": m.judul, "penerima": r.name,
              "tanggal": L.hari_rentang([s.tanggal for s in m.sesi]), "tempat": session_place(m.sesi[0]),
              "lampiran": [p.name for p in files], "pengirim": name, "organisasi": ctx.config.organisasi.nama}
    subject = " ".join(get_template("teks/surel_subjek.j2").render(**values).split())
    body = get_template("teks/surel_isi.j2").render(**values).strip() + "\n"
    # Python 3.11 folds a long address header by dropping the quotes of a display name with a
    # comma ("Kepala Dinas Perdagangan, Perindustrian, …" became three addresses): fold at
    # RFC 5322's 998-character limit instead, so a full jabatan stays one quoted name.
    msg = EmailMessage(policy=email.policy.default.clone(max_line_length=998))
    msg["From"] = formataddr((name, address))
    msg["To"] = formataddr((r.name, r.address))
    if ctx.config.surel.balas_ke:
        msg["Reply-To"] = ctx.config.surel.balas_ke
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    digest = hashlib.sha256("\0".join([m.id, kind, r.address, *[p.name for p in files]]).encode()).hexdigest()[:24]
    msg["Message-ID"] = f"<{digest}.{int(now.timestamp())}@{address.split('@', 1)[1]}>"
    msg["X-Rapatgen-Rapat"] = m.id
    msg["X-Rapatgen-Dokumen"] = kind
    msg.set_content(body)
    for path in files:
        msg.add_attachment(path.read_bytes(), maintype="application", subtype="pdf", filename=path.name)
    return msg


# --- the whole command ---------------------------------------------------------------------------
@dataclass
class Outcome:
    drafts: list[Path] = field(default_factory=list)
    sent: list[Recipient] = field(default_factory=list)
    already: list[Recipient] = field(default_factory=list)
    failed: list[tuple[Recipient, str]] = field(default_factory=list)
    pending: list[Recipient] = field(default_factory=list)  # would be sent with --ya
    untried: list[Recipient] = field(default_factory=list)  # never tried: the connection was gone
    # the text left, the server's answer did not come (a dropped connection): delivered in all
    # likelihood, recorded as such (not sent again); from an earlier run that was killed: `unsure_before`
    unsure: list[tuple[Recipient, str]] = field(default_factory=list)
    unsure_before: list[Recipient] = field(default_factory=list)

    @property
    def tried(self) -> int:
        return len(self.sent) + len(self.failed) + len(self.unsure)


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "penerima"


def _check_files(m: Rapat, kind: str, files: list[Path]) -> None:
    if not files:
        raise UsageError(f"belum ada PDF {kind} untuk rapat {m.id} — jalankan dulu 'rapatgen build {m.id}'")


def _check_sizes(ctx: Context, m: Rapat, kind: str, recipients: list[Recipient], files: list[Path],
                 now: datetime) -> None:
    """Every message, as it would be sent (attachments encoded), within MAX_ATTACHMENT_MB; else refuse
    before anything is written or sent, naming each recipient whose message is too big."""
    over = []
    for r in recipients:
        size = len(message(ctx, m, kind, r, _attachments_for(r, files), now).as_bytes()) / 1e6
        if size > MAX_ATTACHMENT_MB:
            over.append(f"{r.name} <{r.address}> {size:.1f} MB")
    if over:
        raise UsageError(f"surel {kind} lebih dari {MAX_ATTACHMENT_MB} MB yang diterima kebanyakan server surel "
                         f"(lampiran disandikan ikut dihitung): {'; '.join(over)} — perkecil PDF-nya atau kirim "
                         "tautan unduhan saja; tidak ada yang dikirim")


def write_drafts(ctx: Context, project: Project, m: Rapat, kind: str, p: Plan, now: datetime) -> Outcome:
    _check_files(m, kind, p.attachments)
    _check_sizes(ctx, m, kind, p.recipients, p.attachments, now)
    out = Outcome()
    folder = project.output_dir / m.id / "surel"
    for r in p.recipients:
        msg = message(ctx, m, kind, r, _attachments_for(r, p.attachments), now)
        msg["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft to send
        out.drafts.append(write_atomic(folder / f"{kind}-{_safe(r.key)}.eml", msg.as_bytes()))
    return out


def _password(smtp) -> str | None:
    if not smtp.pengguna:
        return None
    value = os.environ.get(smtp.sandi_env)
    if not value:
        raise UsageError(f"kata sandi SMTP untuk '{smtp.pengguna}' belum ada: isi variabel lingkungan "
                         f"{smtp.sandi_env} (mis. export {smtp.sandi_env}=…), jangan tulis di rapatgen.yaml")
    return value


class _MarksContent:
    """Calls `before_content()` once, right before the message text goes to the server (smtplib's
    `data` sends it, ending in CRLF.CRLF, in one `send`): from then on the server may have it."""

    before_content = None

    def send(self, s):
        hook = self.before_content
        if hook is not None and isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.before_content = None
            hook()
        super().send(s)


class _SMTP(_MarksContent, smtplib.SMTP):
    pass


class _SMTP_SSL(_MarksContent, smtplib.SMTP_SSL):
    pass


def _connect(smtp) -> smtplib.SMTP:
    try:
        if smtp.keamanan == "ssl":
            server = _SMTP_SSL(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_S, context=ssl.create_default_context())
        else:
            server = _SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_S)
            if smtp.keamanan == "starttls":
                server.starttls(context=ssl.create_default_context())
        password = _password(smtp)
        if password is not None:
            server.login(smtp.pengguna, password)
        return server
    except smtplib.SMTPAuthenticationError:
        raise RapatgenError(f"server surel {smtp.host} menolak login '{smtp.pengguna}' — periksa nama pengguna dan "
                            f"kata sandi di {smtp.sandi_env}") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise RapatgenError(f"tidak dapat terhubung ke server surel {smtp.host}:{smtp.port} ({exc}); "
                            "tidak ada yang terkirim — periksa bagian surel.smtp di rapatgen.yaml") from None


def _reason(exc: smtplib.SMTPException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
    elif isinstance(exc, smtplib.SMTPResponseException):
        code, text = exc.smtp_code, exc.smtp_error
    else:
        return str(exc)
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"


def _detail(exc: OSError) -> str:
    """The system's reason for a lost connection (its own words), when it gives one."""
    return f" ({exc.strerror})" if getattr(exc, "strerror", None) else ""


def send(ctx: Context, project: Project, m: Rapat, kind: str, p: Plan, now: datetime, *, confirm: bool,
         again: bool, again_unsure: bool = False) -> Outcome:
    """Send to every recipient not yet recorded in the sent log (`again`: to everyone; `again_unsure`:
    also to those recorded as uncertain). Hold the project lock around it."""
    _check_files(m, kind, p.attachments)
    smtp = ctx.config.surel.smtp
    log = SentLog(project.root)
    out = Outcome()
    todo = []
    for r in p.recipients:
        previous = log.find(m.id, kind, r.address)
        if previous and not again and not (again_unsure and previous.get("status") == SENDING):
            out.already.append(r)
            if previous.get("status") == SENDING:
                out.unsure_before.append(r)
        else:
            todo.append(r)
    if not confirm:
        out.pending = todo
        return out
    if not todo:
        return out
    _check_sizes(ctx, m, kind, todo, p.attachments, now)
    server = _connect(smtp)
    try:
        for i, r in enumerate(todo):
            files = _attachments_for(r, p.attachments)
            msg = message(ctx, m, kind, r, files, now)
            entry = {"rapat": m.id, "dokumen": kind, "alamat": r.address, "nama": r.name,
                     "waktu": now.astimezone(timezone.utc).isoformat(timespec="seconds"),
                     "message_id": msg["Message-ID"],
                     "lampiran": {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}}
            server.before_content = lambda entry=entry: log.begin(entry)
            try:
                try:
                    refused = server.send_message(msg)
                finally:
                    text_left = server.before_content is None  # the hook ran: the text went to the server
                    server.before_content = None
            except OSError as exc:  # smtplib's errors are OSErrors too
                answered = isinstance(exc, smtplib.SMTPException) and not isinstance(exc, smtplib.SMTPServerDisconnected)
                if answered:  # the server said no (a refused address, a rejected message): not delivered
                    if text_left:
                        log.drop(entry)
                    out.failed.append((r, _reason(exc)))
                    if server.sock is not None:
                        continue  # else it closed the connection with its answer (421)
                elif text_left:
                    out.unsure.append((r, "sambungan terputus sebelum server menjawab" + _detail(exc)))
                else:
                    out.failed.append((r, "sambungan terputus" + _detail(exc)))
                out.untried = todo[i + 1:]  # no connection left to try them on: a re-run sends them
                break
            if refused:
                log.drop(entry)
                out.failed.append((r, str(refused)))
                continue
            log.done(entry)
            out.sent.append(r)
    except BaseException:
        server.close()  # stopped mid-message (e.g. its record could not be written): a QUIT would be read as text
        raise
    try:
        server.quit()
    except (OSError, smtplib.SMTPException):
        pass
    return out
