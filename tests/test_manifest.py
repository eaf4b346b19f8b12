"""outputs/.rapatgen-build.json: the manifests of earlier versions are read once and removed on the first save."""

import json

from rapatgen.build.manifest import BUILD_MANIFEST, LEGACY_MANIFEST, BuildManifest

from rapatgen.files.atomic import sha256


def test_legacy_manifests_are_read_and_removed_on_the_first_save(tmp_path):
    out = tmp_path / "outputs"
    (out / "rapat-a").mkdir(parents=True)
    (out / "rapat-a" / "notulen.docx").write_bytes(b"lama")
    (out / "rapat-a" / LEGACY_MANIFEST).write_text(json.dumps({"notulen.docx": sha256(b"lama")}))
    (out / LEGACY_MANIFEST).write_text(json.dumps({"index.html": sha256(b"x")}))
    manifest = BuildManifest(out)
    assert manifest.legacy and set(manifest.files) == {"rapat-a/notulen.docx", "index.html"}
    assert not manifest.edited_by_hand(out / "rapat-a" / "notulen.docx")  # recognised from the old hash
    manifest.dirty = True
    manifest.save()
    assert not (out / LEGACY_MANIFEST).exists() and not (out / "rapat-a" / LEGACY_MANIFEST).exists()
    again = BuildManifest(out)
    assert (out / BUILD_MANIFEST).exists() and not again.legacy and "rapat-a/notulen.docx" in again.files


def test_a_current_manifest_is_saved_without_looking_into_every_folder(tmp_path, monkeypatch):
    from pathlib import Path

    out = tmp_path / "outputs"
    out.mkdir()
    first = BuildManifest(out)
    first.dirty = True
    first.save()
    looked = []
    real = Path.glob
    monkeypatch.setattr(Path, "glob", lambda self, pattern: looked.append(pattern) or real(self, pattern))
    manifest = BuildManifest(out)
    manifest.record_unit("a/notulen/pdf", "h", [])
    manifest.save()
    assert looked == [] and not manifest.dirty


def test_records_of_the_wrong_type_are_left_out(tmp_path):
    """A size that is a truth value, a file name that is a number: the record is dropped (and said), the rest kept."""
    import json

    out = tmp_path / "outputs"
    out.mkdir()
    good = {"sha256": "a" * 64, "size": 3, "mtime_ns": 5}
    (out / BUILD_MANIFEST).write_text(json.dumps({"versi": 1, "berkas": {
        "r/a.pdf": good, "r/b.pdf": {**good, "size": True}, "r/c.pdf": {**good, "mtime_ns": 1.5}},
        "unit": {"r/notulen/pdf": {"inputs": "h", "files": ["r/a.pdf"], "skip": None, "isi": None},
                 "r/undangan/pdf": {"inputs": "h", "files": ["r/a.pdf", 7], "skip": None},
                 "r/berkas/pdf": {"inputs": "h", "files": [], "skip": 1}}}), encoding="utf-8")
    manifest = BuildManifest(out)
    assert set(manifest.files) == {"r/a.pdf"} and set(manifest.units) == {"r/notulen/pdf"}
    assert manifest.problem
