import functools
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bytecode_folder() -> str | None:
    """The suite starts a few hundred Python processes (`python -m rapatgen`, the build's process
    pool, pip). With PYTHONDONTWRITEBYTECODE set (as on this machine) each of them compiled every
    module of rapatgen it imports from source, a cost no installed copy pays (bench/build.py and
    bench/startup.py measure with the same remedy). The processes a run starts keep their bytecode
    in one temporary folder of that run (PYTHONPYCACHEPREFIX), removed at its end: nothing is kept
    from one run to the next and the source tree is left as it is. The first pytest process of
    the run (the xdist controller, or the only one with -n 0) makes the folder when it loads this
    file, before it starts its workers, which find it in RAPATGEN_TEST_PYC. A user's own
    PYTHONPYCACHEPREFIX is kept."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE") or os.environ.get("PYTHONPYCACHEPREFIX"):
        return None
    if "RAPATGEN_TEST_PYC" not in os.environ:
        import atexit
        import tempfile

        os.environ["RAPATGEN_TEST_PYC"] = tempfile.mkdtemp(prefix="rapatgen-test-pyc-")
        atexit.register(shutil.rmtree, os.environ["RAPATGEN_TEST_PYC"], True)
        seed_bytecode(os.environ["RAPATGEN_TEST_PYC"])
    return os.environ["RAPATGEN_TEST_PYC"]


# the standard library's own tests and tools and a base installation's packages: no test starts them
_NOT_SEEDED = {"test", "tests", "site-packages", "idlelib", "tkinter", "turtledemo", "lib2to3", "ensurepip"}


def seed_bytecode(folder: str, tops: list[str] | None = None) -> int:
    """Put the bytecode this interpreter already has for the standard library and the installed
    packages into the run's bytecode folder, where a process started with PYTHONPYCACHEPREFIX looks
    for it (and only there): without it the first `python -m rapatgen` of a run compiled every
    module it imports from source (3.9 s of CPU instead of 1.5 s for a one-meeting build), and a
    build's worker processes, which multiprocessing starts with -B (no bytecode written), did so
    again each time until another process had written it. Hard links, not copies: ≈ 4,400 files in
    half a second. Python checks each one against its source (mtime and size in its header) as it
    does in __pycache__, so a stale one is compiled again, never used; a link is only ever replaced
    (importlib writes a new file and renames it), never written into. `tops`: the folders to take
    it from (by default the standard library and site-packages). Returns the number of files put."""
    import errno
    import sys
    import sysconfig

    tag = f".{sys.implementation.cache_tag}.pyc"  # not the -O ones: no test process runs with -O
    paths = sysconfig.get_paths()
    packages = {paths["purelib"], paths["platlib"]}
    put = 0
    for top in dict.fromkeys(tops or (paths["stdlib"], *packages)):
        for folder_path, subfolders, files in os.walk(top):
            subfolders[:] = [d for d in subfolders if d not in _NOT_SEEDED or os.path.join(folder_path, d) in packages]
            if os.path.basename(folder_path) != "__pycache__":
                continue
            names = [f for f in files if f.endswith(tag) and f.count(".") == 2]
            target = os.path.join(folder, os.path.dirname(folder_path).lstrip(os.sep))
            if names:
                os.makedirs(target, exist_ok=True)
            for name in names:
                source, copy = os.path.join(folder_path, name), os.path.join(target, name)
                try:
                    try:
                        os.link(source, copy)
                    except OSError as e:
                        if e.errno != errno.EXDEV:
                            raise
                        shutil.copyfile(source, copy)  # the run's folder is on another file system
                    put += 1
                except OSError:  # already there, or unreadable: that module is compiled as before
                    pass
    return put


_BYTECODE = _bytecode_folder()


def _pdf_objects_folder() -> str:
    """The folder where this run keeps each PDF's parsed pdfplumber objects (tests/pdfobjects.py),
    made by the first pytest process (before it starts its workers, which find it in the
    environment) and removed at its exit."""
    from tests.pdfobjects import FOLDER_VARIABLE

    if FOLDER_VARIABLE not in os.environ:
        import atexit
        import tempfile

        os.environ[FOLDER_VARIABLE] = tempfile.mkdtemp(prefix="rapatgen-test-pdf-")
        atexit.register(shutil.rmtree, os.environ[FOLDER_VARIABLE], True)
    return os.environ[FOLDER_VARIABLE]


_pdf_objects_folder()


@pytest.fixture(scope="session", autouse=True)
def _bytecode_for_subprocesses():
    """Set in the process that runs the tests, for the processes they start (see _bytecode_folder);
    this pytest process itself was started without it and is unchanged."""
    if _BYTECODE is None:
        yield
        return
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PYTHONDONTWRITEBYTECODE")
        mp.setenv("PYTHONPYCACHEPREFIX", _BYTECODE)
        yield
# Example projects: the root (TKPK Kabupaten Buleleng) and one folder per further region
# under contoh/ (each a complete project: rapatgen.yaml, direktori.yaml, agendas/).
KALTIM_ROOT = ROOT / "contoh" / "kaltim"


class MemoryStore:
    """A store of kept blobs in memory: what `files.cache.BlobCache` gives the renderers' `kept_in`
    (`get(key)` → bytes or None, `put(key, bytes)`), for tests that count what a second render reuses."""

    def __init__(self):
        self.kept: dict[str, bytes] = {}

    def get(self, key):
        return self.kept.get(key)

    def put(self, key, payload):
        self.kept[key] = payload


def copy_root_project(target: Path) -> Path:
    """Copy the root example project (Buleleng) into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("rapatgen.yaml", "direktori.yaml"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "agendas", target / "agendas")
    shutil.copytree(ROOT / "program", target / "program")
    shutil.copytree(ROOT / "templates", target / "templates")
    for folder in ("realisasi", "lokus"):  # the year's data for the reports
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, target / folder)
    if (ROOT / "indikator.yaml").is_file():
        shutil.copy(ROOT / "indikator.yaml", target / "indikator.yaml")
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


# --- the example projects, built once for the whole session ---------------------------------
# Building both examples costs seconds; every test that only reads their outputs shares one
# build of each. A test that changes a project takes its own copy (`project`, `kaltim`, or a
# built copy from `built_copy`); the shared folders are read-only by convention, and
# `_shared_builds_untouched` fails the test that changed one.
EXAMPLE_PER = "2025-02-15"  # the reference date (--per) of the shared builds


@dataclass
class Built:
    """An example project after `rapatgen build --per EXAMPLE_PER --proyek <root>`."""

    root: Path
    output: str  # what the command printed
    report: object  # the rapatgen.build.units.Report it got back

    def outputs(self, *parts: str) -> Path:
        return self.root.joinpath("outputs", *parts)

    @functools.cached_property
    def texts(self) -> dict[Path, str]:
        """Every generated DOCX and PDF read back as a user sees it, read once per run (the
        pytest-xdist workers share it through a file beside the project)."""
        import pickle

        from filelock import FileLock

        from tests.readback import docx_text, pdf_text

        record = self.root.parent / f"{self.root.name}-texts.pickle"
        with FileLock(str(record) + ".lock"):
            if record.exists():
                return pickle.loads(record.read_bytes())
            texts = {path: docx_text(path) if path.suffix == ".docx" else pdf_text(path)
                     for path in sorted(self.outputs().rglob("*")) if path.suffix in (".docx", ".pdf")}
            record.write_bytes(pickle.dumps(texts))
            return texts


def build_example(root: Path) -> Built:
    """Build a project the way a user does (the CLI, in this process), keeping the build report."""
    from click.testing import CliRunner

    from rapatgen.build import coordinator as build_module
    from rapatgen.cli import main

    reports = []
    real_build = build_module.build

    def recording(*args, **kwargs):
        reports.append(real_build(*args, **kwargs))
        return reports[-1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build_module, "build", recording)
        r = CliRunner().invoke(main, ["build", "--per", EXAMPLE_PER, "--proyek", str(root)])
    assert r.exit_code == 0, r.output
    (report,) = reports
    return Built(root, r.output, report)


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


_SHARED: dict[str, tuple[Built, dict]] = {}


def _shared_build(tmp_path_factory, name: str, copy) -> Built:
    """Build an example once per run. Under pytest-xdist the first worker that needs it builds it
    in the run's common temp folder and the others wait for it and read the same build."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        built = build_example(copy(tmp_path_factory.mktemp(name)))
    else:
        import pickle

        from filelock import FileLock

        common = tmp_path_factory.getbasetemp().parent  # shared by the workers of this run
        record = common / f"{name}.pickle"
        with FileLock(str(common / f"{name}.lock")):
            if record.exists():
                built = pickle.loads(record.read_bytes())
            else:
                built = build_example(copy(common / name))
                record.write_bytes(pickle.dumps(built))
    _SHARED[name] = (built, _snapshot(built.root))
    return built


@pytest.fixture(scope="session")
def built_buleleng(tmp_path_factory) -> Built:
    """The root example project (TKPK Kabupaten Buleleng), built once. Read it; never change it."""
    return _shared_build(tmp_path_factory, "built_buleleng", copy_root_project)


@pytest.fixture(scope="session")
def built_kaltim(tmp_path_factory) -> Built:
    """contoh/kaltim (TKPK Provinsi Kalimantan Timur), built once. Read it; never change it."""
    return _shared_build(tmp_path_factory, "built_kaltim", lambda target: copy_example_project(KALTIM_ROOT, target))


@pytest.fixture(autouse=True)
def _shared_builds_untouched(request):
    """A test that used a shared build must leave every file of it as it was."""
    yield
    for name in ("built_buleleng", "built_kaltim"):
        if name in request.fixturenames and name in _SHARED:
            built, before = _SHARED[name]
            after = _snapshot(built.root)
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            _SHARED[name] = (built, after)  # the test that changed it fails, not every later one
            assert not changed, (f"{request.node.nodeid} changed the shared {name} ({changed[:5]}); "
                                 "take a copy (built_copy) instead")


def built_copy(built: Built, target: Path) -> Path:
    """A copy of a built example (outputs and build manifest too, times kept) that a test may change."""
    return Path(shutil.copytree(built.root, target))


# --- a meeting of one's own (bad input, faults, follow-up edits) ------------------------------
UJI_FILE = "agendas/zz-uji.yaml"
UJI_HEAD = """\
id: uji-1
jenis: rakor
judul: Rapat Uji
sesi:
  - tanggal: 2025-03-12
    mulai: "09.00"
    tempat: Aula Bappeda
pimpinan:
  ketua: sekda_bll
"""
UJI_K1 = "  - id: K1\n    isi: Isi kesepakatan\n    pj: bappeda_bll\n"


def uji_meeting(agreements: str = UJI_K1, before_agreements: str = "") -> str:
    """A small valid rakor 'uji-1' in the Buleleng directory, with the given `kesepakatan:` items."""
    return UJI_HEAD + before_agreements + "kesepakatan:\n" + agreements


def write_meeting(project: Path, content: str | bytes, name: str = UJI_FILE) -> Path:
    """Write a meeting file (text as UTF-8, bytes as they are) into the project; returns its path."""
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def bare_project(root: Path) -> Path:
    """The Buleleng configuration, directory and templates with an empty agendas/ (no programme)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("rapatgen.yaml", "direktori.yaml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "agendas").mkdir()
    return root


@pytest.fixture
def inside_project(project, monkeypatch) -> Path:
    """The `project` copy as the working folder: users run rapatgen from their project folder."""
    monkeypatch.chdir(project)
    return project


def added_lines(before: str, after: str) -> list[str]:
    """Lines of `after` not in `before`; every original line must survive unchanged and in order."""
    b, a = before.split("\n"), after.split("\n")
    added, i = [], 0
    for line in a:
        if i < len(b) and line == b[i]:
            i += 1
        else:
            added.append(line)
    assert i == len(b), f"original line {i + 1} changed: {b[i]!r}"
    return added


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")


# pytest-xdist gives each worker whole test files, in collection order (see addopts in
# pyproject.toml): the files that take longest, as measured, start first, so that the workers
# finish at about the same time instead of one starting a long file when the other is done.
LONGEST_FIRST = ("test_faults.py", "test_layout.py", "test_install.py", "test_incremental.py", "test_documents.py",
                 "test_dashboard.py", "test_bad_input.py", "test_startup.py")


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest as collected


@pytest.fixture(autouse=True)
def _shipped_wording_between_tests():
    """Composing reads the wording of the project set by `templating.use_project` (a module
    global); a test that points it at a broken project must not leak into the next test."""
    yield
    from rapatgen.text import templating

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
