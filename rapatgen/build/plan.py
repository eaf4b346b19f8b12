"""Which units of a meeting are out of date: the plan of one meeting against the manifest."""

from __future__ import annotations

from rapatgen.build.inputs import Inputs, _hash
from rapatgen.build.manifest import BuildManifest
from rapatgen.build.units import BUNDLE, SUMS_NAME, Job, Report, _unit_key
from rapatgen.model.meeting import Rapat


def _plan(m: Rapat, kinds, formats, only, inputs: Inputs, manifest: BuildManifest, force: bool, overwrite: bool,
          report: Report) -> Job | None:
    """The job for a meeting, or None when every unit is up to date (then reported as unchanged).

    The shortcut first: when everything the meeting's units read hashes as it did when they were last all
    up to date (`Inputs.meeting`), and their records and files are as they were then, the meeting is up to
    date without working out each unit's inputs (`BuildManifest.meeting_up_to_date`). Else the long way,
    which records that hash when it finds every unit up to date.
    """
    bundle = "pdf" in formats and not only
    keys = [_unit_key(m.id, kind, fmt) for kind in kinds for fmt in formats] + \
        ([_unit_key(m.id, BUNDLE, "pdf")] if bundle else [])
    whole = None if force else inputs.meeting(m, kinds, formats, bundle)
    if whole is not None and manifest.meeting_up_to_date(m.id, whole, keys):
        _report_up_to_date(m, keys, manifest, report)
        return None
    digests: dict[str, str | None] = {}
    quick: dict[str, dict] = {}
    check: dict[str, str] = {}
    for k in kinds:
        if k in inputs.READS_OTHER_MEETINGS:
            quick[k] = {"kasar": inputs.coarse(m, k), "kepala": inputs.head(m, k)}
            digests[k], checked = (None, False) if force else _recorded(m, k, formats, quick[k], manifest)
            if checked:
                check[k] = digests[k]
        else:
            digests[k] = inputs.unit(m, k)
    records, stale = {}, []
    for kind in kinds:
        for fmt in formats:
            record = None if force else manifest.up_to_date(_unit_key(m.id, kind, fmt), digests[kind], overwrite)
            if record is None:
                stale.append(kind)
                break
            records[kind, fmt] = record
    bundle_stale = False
    if bundle:
        bundle_stale = force or bool(stale) or manifest.up_to_date(
            _unit_key(m.id, BUNDLE, "pdf"), _hash(*digests.values()), overwrite) is None
    if not stale and not bundle_stale and check:  # made only if its carry-over section changed (the pool decides)
        return Job(m, formats, kinds if bundle else list(check), list(check), bundle, digests, quick, check=check,
                   up_to_date=keys)
    if not stale and not bundle_stale:
        _report_up_to_date(m, keys, manifest, report)
        if whole is not None:
            manifest.record_meeting(m.id, whole, keys)
        return None
    for kind in check:  # made anyway: its carry-over section is worked out with it
        digests[kind] = None
        if kind not in stale:
            stale.append(kind)
    return Job(m, formats, kinds if bundle_stale else stale, stale, bundle_stale, digests, quick)


def _settle(meetings: list[Rapat], kinds, formats, only, inputs: Inputs, manifest: BuildManifest,
            overwrite: bool) -> None:
    """After the meetings were made: plan them once more, so that those now wholly up to date are recorded
    for the shortcut of the next build (`_plan`); nothing is reported."""
    for m in meetings:
        _plan(m, kinds, formats, only, inputs, manifest, False, overwrite, Report())


def _report_up_to_date(m: Rapat, keys: list[str], manifest: BuildManifest, report: Report) -> None:
    """Report the files of a meeting's up-to-date units as unchanged (and its skip notices, once)."""
    seen_skips = set()
    units, files = manifest.units, []
    for key in keys:
        record = units[key]
        files += record["files"]
        if record.get("skip"):
            kind = key.split("/")[-2]
            if kind not in seen_skips:
                seen_skips.add(kind)
                report.skipped.append(record["skip"])
    report.unchanged_in(manifest.base, files)  # once per meeting, not per unit
    if keys and keys[-1].endswith(f"/{BUNDLE}/pdf") and manifest.exists(f"{m.id}/{SUMS_NAME}"):
        report.unchanged_in(manifest.base, [f"{m.id}/{SUMS_NAME}"])


def _recorded(m: Rapat, kind: str, formats, quick: dict, manifest: BuildManifest) -> tuple[str | None, bool]:
    """(the inputs hash of a notulen unit when known without composing, or None; whether it must be checked).

    Recorded beside it: `kasar` (its head and every item of earlier meetings of the team) and
    `kepala` (its head). The same `kasar` → the recorded hash stands. Only `kasar` differs →
    something an earlier meeting of the team may show changed: the job checks (in the pool) what
    the carry-over section shows, and makes the notulen again only when it shows something else.
    """
    records = [manifest.units.get(_unit_key(m.id, kind, fmt)) for fmt in formats]
    if not all(records) or len({r.get("inputs") for r in records}) != 1:
        return None, False
    if all(r.get("kasar") == quick["kasar"] for r in records):
        return records[0]["inputs"], False
    if not all(r.get("kepala") == quick["kepala"] for r in records):
        return None, False  # the meeting itself (or the tool, the directory, …) changed: made again anyway
    return records[0]["inputs"], True
