"""Every command's --help reads in Bahasa Indonesia: the help line, the headings and the usage
line — not click's English ("Show this message and exit.", "Usage:", "Options:")."""

import click
from click.testing import CliRunner

from rapatgen.cli import main

ENGLISH = ("Show this message", "Usage:", "Options:", "Commands:", "[OPTIONS]", "COMMAND [ARGS]")


def every_command(group, path=()):
    yield path
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from every_command(cmd, (*path, name))
        else:
            yield (*path, name)


def test_every_help_page_is_indonesian():
    paths = list(every_command(main))
    assert len(paths) > 15  # every command and sub-command, not only the top
    for path in paths:
        r = CliRunner().invoke(main, [*path, "--help"])
        assert r.exit_code == 0, (path, r.output)
        shown = " ".join(("rapatgen", *path))
        assert [w for w in ENGLISH if w in r.output] == [], (shown, r.output)
        assert "-h, --help" in r.output and "tampilkan petunjuk ini lalu keluar" in r.output, (shown, r.output)
        assert r.output.startswith(f"Penggunaan: {shown} [OPSI]"), (shown, r.output)
