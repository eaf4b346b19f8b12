import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Example projects: the root (TKPK Kabupaten Buleleng) and one folder per further region
# under contoh/ (each a complete project: rapatgen.yaml, direktori.yaml, agendas/).
KALTIM_ROOT = ROOT / "contoh" / "kaltim"


def copy_root_project(target: Path) -> Path:
    """Copy the root example project (Buleleng) into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("rapatgen.yaml", "direktori.yaml"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "agendas", target / "agendas")
    shutil.copytree(ROOT / "program", target / "program")
    shutil.copytree(ROOT / "templates", target / "templates")
    return target


def copy_example_project(source: Path, target: Path) -> Path:
    """Copy an example project folder under contoh/ (without its outputs)."""
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("outputs"))
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the bundled example project (TKPK Kabupaten Buleleng) that a test may change freely."""
    return copy_root_project(tmp_path)


@pytest.fixture
def kaltim(tmp_path_factory) -> Path:
    """A copy of the second example project (TKPK Provinsi Kalimantan Timur, contoh/kaltim)."""
    return copy_example_project(KALTIM_ROOT, tmp_path_factory.mktemp("kaltim"))


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture(autouse=True)
def _shipped_wording_between_tests():
    """Composing reads the wording of the project set by `templating.use_project` (a module
    global); a test that points it at a broken project must not leak into the next test."""
    yield
    from rapatgen import templating

    templating.use_project(None)


# Property-based tests (tests/test_fuzz.py): a fast default for CI, and a 'slow' profile of
# at least 10,000 generated cases, chosen with `--hypothesis-profile=slow` or RAPATGEN_FUZZ=slow.
try:
    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True,
                              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    settings.register_profile("slow", max_examples=10_000, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    settings.load_profile(os.environ.get("RAPATGEN_FUZZ", "ci"))
except ImportError:  # pragma: no cover - hypothesis is in the test extra
    pass
