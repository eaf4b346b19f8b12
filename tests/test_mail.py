"""Issue 9.3: `rapatgen kirim` — .eml drafts read back with the email package, and real
SMTP delivery to an aiosmtpd server on 127.0.0.1 (recipients, attachments, headers, no
duplicates after a retry, password only from the environment)."""

import email
import os
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from rapatgen.cli import main
from tests.conftest import replace_in

MEETING = "rakor-buleleng-2023-12-14"
PASSWORD = "rahasia-uji-123"


def run(project, *args):
    return CliRunner().invoke(main, [*args, "--proyek", str(project)])


@pytest.fixture
def built(project):
    r = run(project, "build", MEETING, "--only", "notulen", "--format", "pdf")
    assert r.exit_code == 0, r.output
    return project


def read_eml(path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def test_drafts_one_per_recipient_with_the_pdf_attached(built):
    r = run(built, "kirim", MEETING, "--dokumen", "notulen")
    assert r.exit_code == 0, r.output
    pdf = (built / "outputs" / MEETING / f"notulen-{MEETING}.pdf").read_bytes()
    drafts = sorted((built / "outputs" / MEETING / "surel").glob("*.eml"))
    to = set()
    for path in drafts:
        msg = read_eml(path)
        to.add(msg["To"].addresses[0].addr_spec)
        assert msg["From"].addresses[0].addr_spec == "sekretariat.tkpk@bulelengkab.example"
        assert msg["Subject"].startswith("Notulen Rapat Koordinasi Penanggulangan Kemiskinan")
        assert msg["X-Unsent"] == "1"
        assert "Bersama surel ini kami sampaikan notulen" in msg.get_body(("plain",)).get_content()
        (att,) = list(msg.iter_attachments())
        assert att.get_filename() == f"notulen-{MEETING}.pdf" and att.get_content() == pdf
    # the directory's addresses of those present: people's own, else their institution's; once each
    assert {"kepala.bappeda@bulelengkab.example", "bappeda@bulelengkab.example", "dinsos@bulelengkab.example",
            "dinkes@bulelengkab.example", "putu.ardana@bulelengkab.example"} <= to
    assert len(to) == len(drafts)
    assert "tanpa alamat surel di direktori: Ni Made Contoh Rai" in r.output  # BPS has no address


def test_kirim_before_build_says_what_to_do(project):
    r = run(project, "kirim", MEETING, "--dokumen", "notulen")
    assert r.exit_code == 2 and f"jalankan dulu 'rapatgen build {MEETING}'" in r.output
    assert "Traceback" not in r.output


class Recorder:
    def __init__(self):
        self.messages = []  # (rcpt list, parsed message)
        self.refuse = set()
        self.logins = []
        # issue 17.7: once `drop_after` messages arrived, close the connection at the next MAIL FROM
        # (nothing of that message reached the server), or with `drop_in_data` right after the text
        # of the next message, without answering (the client cannot know whether it was delivered)
        self.drop_after = None
        self.drop_in_data = False

    def _dropping(self, in_data: bool) -> bool:
        return self.drop_after is not None and self.drop_in_data == in_data and len(self.messages) >= self.drop_after

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self._dropping(in_data=False):
            server.transport.close()
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 kotak surat penuh (uji)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        dropping = self._dropping(in_data=True)
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=policy.default)))
        if dropping:
            server.transport.close()
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    recorder = Recorder()

    def authenticator(server, session, envelope, mechanism, auth_data):
        recorder.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password.decode() == PASSWORD)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(recorder, hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    recorder.port = port
    yield recorder
    controller.stop()


def with_smtp(project, port):
    replace_in(project / "rapatgen.yaml", "  # smtp: {host: smtp.contoh.go.id",
               f"  smtp: {{host: 127.0.0.1, port: {port}, keamanan: tanpa, pengguna: sekretariat.tkpk}}\n  # smtp: {{host: x")


@pytest.mark.slow
def test_smtp_sends_once_per_address_and_a_retry_sends_only_what_failed(built, smtp_server, monkeypatch):
    with_smtp(built, smtp_server.port)
    monkeypatch.setenv("RAPATGEN_SMTP_SANDI", PASSWORD)
    preview = run(built, "kirim", MEETING, "--dokumen", "notulen")
    assert preview.exit_code == 0 and "Jalankan lagi dengan --ya" in preview.output
    assert smtp_server.messages == []  # nothing leaves without --ya

    smtp_server.refuse = {"dinsos@bulelengkab.example"}
    first = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya")
    assert first.exit_code == 1
    assert "GAGAL: Kepala Dinas Sosial Kabupaten Buleleng <dinsos@bulelengkab.example> — 550" in first.output
    delivered = [rcpt[0] for rcpt, _ in smtp_server.messages]
    assert "dinsos@bulelengkab.example" not in delivered and len(delivered) == 8
    assert smtp_server.logins and all(login == ("sekretariat.tkpk", PASSWORD) for login in smtp_server.logins)

    smtp_server.refuse = set()
    retry = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya")
    assert retry.exit_code == 0, retry.output
    delivered = [rcpt[0] for rcpt, _ in smtp_server.messages]
    assert delivered[-1] == "dinsos@bulelengkab.example" and len(delivered) == 9
    assert len(set(delivered)) == len(delivered)  # nobody got it twice
    assert retry.output.count("sudah pernah dikirim, dilewati") == 8

    pdf = (built / "outputs" / MEETING / f"notulen-{MEETING}.pdf").read_bytes()
    for rcpt, msg in smtp_server.messages:
        assert msg["To"].addresses[0].addr_spec == rcpt[0]
        assert msg["From"].addresses[0].addr_spec == "sekretariat.tkpk@bulelengkab.example"
        assert msg["Message-ID"] and msg["Date"] and "X-Unsent" not in msg
        (att,) = list(msg.iter_attachments())
        assert att.get_content_type() == "application/pdf" and att.get_content() == pdf

    again = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya")
    assert again.exit_code == 0 and len(smtp_server.messages) == 9
    resend = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya", "--ulang")
    assert resend.exit_code == 0 and len(smtp_server.messages) == 18


def test_password_only_from_the_environment(built, smtp_server, monkeypatch):
    with_smtp(built, smtp_server.port)
    monkeypatch.delenv("RAPATGEN_SMTP_SANDI", raising=False)
    r = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya")
    assert r.exit_code == 2 and "RAPATGEN_SMTP_SANDI" in r.output and "Traceback" not in r.output
    assert smtp_server.messages == [] and smtp_server.logins == []
    assert PASSWORD not in (built / "rapatgen.yaml").read_text()


# --- issue 17, item 7: a dropped connection, and the size of each message ---------------------
def test_dropped_connection_names_the_untried_and_a_rerun_sends_exactly_the_rest(built, smtp_server, monkeypatch):
    with_smtp(built, smtp_server.port)
    monkeypatch.setenv("RAPATGEN_SMTP_SANDI", PASSWORD)
    preview = run(built, "kirim", MEETING, "--dokumen", "notulen")
    everyone = {line.split("<")[1].rstrip(">") for line in preview.output.splitlines() if line.startswith("akan dikirim")}
    assert len(everyone) == 9
    smtp_server.drop_after = 3
    first = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya")
    assert first.exit_code == 1 and "Traceback" not in first.output
    delivered = [rcpt[0] for rcpt, _ in smtp_server.messages]
    assert len(delivered) == 3
    assert "Selesai: 4 dicoba, 3 terkirim, 1 gagal, 5 belum dicoba, 0 sudah pernah dikirim." in first.output
    untried = {line.split("<")[1].rstrip(">") for line in first.output.splitlines() if line.startswith("BELUM DICOBA")}
    failed = {line.split("<")[1].split(">")[0] for line in first.output.splitlines() if line.startswith("GAGAL")}
    assert len(untried) == 5 and len(failed) == 1 and "sambungan terputus" in first.output
    assert untried | failed | set(delivered) == everyone
    assert "jalankan lagi perintah yang sama — hanya 6 surel yang belum terkirim itu yang dikirim" in first.output
    smtp_server.drop_after = None
    again = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya")
    assert again.exit_code == 0, again.output
    delivered = [rcpt[0] for rcpt, _ in smtp_server.messages]
    assert sorted(delivered) == sorted(everyone)  # each exactly once
    assert "Selesai: 6 dicoba, 6 terkirim, 0 gagal, 0 belum dicoba, 3 sudah pernah dikirim." in again.output


def test_connection_lost_after_the_text_left_is_named_uncertain_and_not_sent_twice(built, smtp_server, monkeypatch):
    with_smtp(built, smtp_server.port)
    monkeypatch.setenv("RAPATGEN_SMTP_SANDI", PASSWORD)
    smtp_server.drop_after, smtp_server.drop_in_data = 2, True  # the third message arrives, its answer never
    first = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya")
    assert first.exit_code == 1 and "Traceback" not in first.output
    assert len(smtp_server.messages) == 3
    third = smtp_server.messages[2][0][0]
    assert f"TIDAK PASTI: " in first.output and f"<{third}> — sambungan terputus sebelum server menjawab" in first.output
    assert "Selesai: 3 dicoba, 2 terkirim, 1 tidak pasti, 0 gagal, 6 belum dicoba" in first.output
    smtp_server.drop_after = None
    again = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya")
    assert again.exit_code == 0, again.output
    delivered = [rcpt[0] for rcpt, _ in smtp_server.messages]
    assert len(delivered) == 9 and len(set(delivered)) == 9  # the uncertain one was not sent again
    assert f"<{third}> — pengiriman sebelumnya terhenti" in again.output
    assert "--ulang-tidak-pasti" in again.output
    only = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya", "--ulang-tidak-pasti")
    assert only.exit_code == 0, only.output
    assert [rcpt[0] for rcpt, _ in smtp_server.messages[9:]] == [third]  # asked for: that one only, once more
    assert run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya", "--ulang-tidak-pasti").exit_code == 0
    assert len(smtp_server.messages) == 10  # now recorded as sent


def _pad(path, megabytes):
    with open(path, "ab") as fh:
        fh.write(b"\n%" + os.urandom(int(megabytes * 1e6)))


def test_the_size_limit_is_measured_per_message_not_summed_over_invitees(project):
    meeting = project / "agendas" / "2023-12-14-rakor-tkpk-buleleng.yaml"
    # the speaker who has no letter of their own would receive every letter: not this test's point
    replace_in(meeting, "  - id: kepala_bappeda_bll\n    materi: Kondisi Kemiskinan dan Arah Kebijakan Penanggulangan "
                        "Kemiskinan Tahun 2024\n", "")
    assert run(project, "build", MEETING, "--only", "undangan", "--format", "pdf").exit_code == 0
    letters = sorted((project / "outputs" / MEETING).glob(f"undangan-{MEETING}-*.pdf"))
    assert len(letters) == 8
    for path in letters:
        _pad(path, 3)  # 24 MB together, each message about 4 MB (base64)
    r = run(project, "kirim", MEETING, "--dokumen", "undangan")
    assert r.exit_code == 0, r.output
    drafts = sorted((project / "outputs" / MEETING / "surel").glob("*.eml"))
    assert len(drafts) == 7  # BPS has no address
    for path in drafts:
        (att,) = list(read_eml(path).iter_attachments())  # each its own letter only
        assert att.get_filename().endswith(path.stem.removeprefix("undangan") + ".pdf")
    for path in drafts:
        path.unlink()
    _pad(letters[0], 13)  # Dinas Sosial's letter: 16 MB, over 20 MB once encoded
    r = run(project, "kirim", MEETING, "--dokumen", "undangan")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "Kepala Dinas Sosial Kabupaten Buleleng <dinsos@bulelengkab.example> 21." in r.output
    assert r.output.count("MB") == 2  # the limit and the one message over it
    assert not list((project / "outputs" / MEETING / "surel").glob("*.eml"))  # nothing written


def test_a_sent_log_that_cannot_be_written_stops_the_send_cleanly(built, smtp_server, monkeypatch):
    """A full disk when recording a recipient: the message is not sent (its record could not be kept),
    the command names the file and ends at once (the connection is closed, not left mid-message)."""
    import errno

    import rapatgen.files.atomic as atomic

    with_smtp(built, smtp_server.port)
    monkeypatch.setenv("RAPATGEN_SMTP_SANDI", PASSWORD)
    real_fsync = atomic.os.fsync

    def full(fd):
        if "terkirim" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", full)
    monkeypatch.setattr("rapatgen.distribute.mail.SMTP_TIMEOUT_S", 5)
    r = run(built, "kirim", MEETING, "--dokumen", "notulen", "--ya")
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "terkirim.json tidak dapat ditulis: ruang disk penuh" in r.output
    assert smtp_server.messages == []
    assert not (built / ".rapatgen" / "terkirim.json").exists()
