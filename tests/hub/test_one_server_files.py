"""deploy/: the site variables every script reads, the production install against the test tools,
and the systemd unit, checked against deploy/one-server/README.md.

All but the systemd-analyze test read files only (well under a second) and run in every `make test`.
"""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import readme_commands, skip_or_fail_in_ci
from hubtools import ONE_SERVER, REPO, UNIT, read_unit, unit_environment

DEPLOY = REPO / "deploy"
README = ONE_SERVER / "README.md"
SCRIPTS = sorted([*DEPLOY.glob("*.sh"), *ONE_SERVER.glob("*.sh"), *ONE_SERVER.glob("*.py"),
                  *ONE_SERVER.glob("jupyter/*/*.py")])
# ${NAME:-default} in bash; os.environ.get("NAME", "default") or os.environ["NAME"] in Python
BASH_READ = re.compile(r"\$\{([A-Z][A-Z0-9_]*):[-=?]([^}]*)\}")
PY_READ = re.compile(r"""os\.environ(?:\.get\(\s*|\[)["']([A-Z][A-Z0-9_]*)["'](?:\s*,\s*["']([^"']*)["'])?""")
TEST_TOOLS = ("chromium", "fonts-noto-cjk", "postgresql", "playwright", "psycopg", "systemd")


def reads(path):
    """[(variable, its default or None)] that a script reads from its environment."""
    pattern = BASH_READ if path.suffix == ".sh" else PY_READ
    return [(name, default or None) for name, default in pattern.findall(path.read_text())]


def without_comments(path):
    """The script's code: comments dropped (# to the end of a line, where # starts a word)."""
    return "\n".join(re.sub(r"(^|\s)#.*$", "", line) for line in path.read_text().splitlines())


def documented():
    """{variable: (default, {readers})} from the README's table of site variables."""
    section = README.read_text().split("### Site variables", 1)[1].split("\n###", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            default = re.findall(r"`([^`]*)`", cells[1])[0]
            table[cells[0].strip("`")] = (default, set(re.findall(r"`([^`]*)`", cells[2])))
    return table


def test_every_site_variable_a_script_reads_is_documented_with_its_default_and_readers():
    table = documented()
    assert {"BACKPROP_ETC", "BACKPROP_VENV", "NBGRADER_EXCHANGE"} <= set(table), table
    readers = {}
    for path in SCRIPTS:
        for name, default in reads(path):
            assert name in table, f"{path.relative_to(REPO)} reads {name}, which README's table does not list"
            readers.setdefault(name, set()).add(path.name)
            documented_default = table[name][0]
            assert default in (documented_default, f"$REPO/{documented_default}"), \
                f"{path.relative_to(REPO)} falls back on {name}={default}; README says {documented_default}"
    for name, (_, listed) in table.items():
        assert readers.get(name, set()) == listed - {"tests/hub"}, \
            f"{name}: README says it is read by {sorted(listed)}; the scripts that read it: {sorted(readers.get(name, []))}"


def test_no_script_writes_a_site_path_where_it_should_read_the_variable():
    """BACKPROP_VENV was documented, yet two scripts used /opt/backprop-hub/venv written out."""
    paths = {name: default for name, (default, _) in documented().items() if default.startswith("/")}
    for path in SCRIPTS:
        code = BASH_READ.sub("", PY_READ.sub("", without_comments(path)))
        for name, default in paths.items():
            assert default not in code, f"{path.relative_to(REPO)} writes {default} instead of reading {name}"


def test_the_production_install_has_no_test_tool_and_the_test_install_builds_on_it():
    hub = without_comments(DEPLOY / "install_hub.sh").lower()
    assert [tool for tool in TEST_TOOLS if tool in hub] == []
    assert "install_sandbox.sh" in hub and "configurable-http-proxy" in hub and "jupyterhub==" in hub
    # every user's server may switch JupyterLab to Japanese (tests/hub/test_browser_ja.py)
    assert re.search(r'^language_packs=jupyterlab-language-pack-ja-jp==[\w.]+$', hub, re.M), "no pinned language pack"
    assert '"$jupyterhub" $language_packs "$repo"' in hub
    tests = without_comments(DEPLOY / "install_test_deps.sh")
    assert 'bash "$HERE/install_hub.sh"' in tests
    commands = " ; ".join(readme_commands(README))
    assert "deploy/install_hub.sh" in commands and "install_test_deps" not in commands, commands
    makefile = (REPO / "Makefile").read_text()
    assert "bash deploy/install_test_deps.sh" in makefile.split("\ntest-hub:", 1)[1].split("\n\n")[0]


def test_the_unit_runs_the_hub_as_root_from_the_site_variables():
    unit = read_unit()
    env = unit_environment(unit)
    table = documented()
    hub_reads = {name for name, _ in reads(ONE_SERVER / "jupyterhub_config.py")}
    assert env == {name: table[name][0] for name in hub_reads}
    assert unit[("Service", "ExecStart")] == \
        [f"{env['BACKPROP_VENV']}/bin/jupyterhub -f {env['BACKPROP_ETC']}/jupyterhub_config.py"]
    assert ("Service", "User") not in unit  # LocalProcessSpawner starts servers as the users: root
    assert unit[("Service", "WorkingDirectory")] == [f"/var/lib/{unit[('Service', 'StateDirectory')][0]}"]
    assert unit[("Service", "StateDirectoryMode")] == ["0700"]
    # a restart leaves users' servers running: the unit ends the hub alone, the hub leaves them be
    assert unit[("Service", "KillMode")] == ["process"]
    assert "c.JupyterHub.cleanup_servers = False" in without_comments(ONE_SERVER / "jupyterhub_config.py")


@pytest.mark.hub
def test_systemd_analyze_finds_nothing_wrong_with_the_unit(tmp_path):
    """Keys, values and the ExecStart executable, as systemd would load the unit; the unit is not run."""
    if not shutil.which("systemd-analyze"):
        skip_or_fail_in_ci("SYSTEMD UNIT NOT CHECKED: needs systemd-analyze (Debian's systemd). "
                           "Run `bash deploy/install_test_deps.sh` as root (make test-hub does).")
    executable = Path(read_unit()[("Service", "ExecStart")][0].split()[0])
    if not executable.exists():
        skip_or_fail_in_ci(f"SYSTEMD UNIT NOT CHECKED: no {executable}; run `bash deploy/install_hub.sh` as root")
    copy = tmp_path / UNIT.name  # verify writes nothing, but reads the folder: the unit alone in one
    shutil.copy(UNIT, copy)
    result = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stdout + result.stderr
    # the check can fail: a misspelt key and a missing executable are both reported
    broken = tmp_path / "broken.service"
    broken.write_text(UNIT.read_text().replace("KillMode=", "KilMode=").replace(str(executable), "/nowhere/hub"))
    result = subprocess.run(["systemd-analyze", "verify", str(broken)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "KilMode" in result.stderr and "/nowhere/hub" in result.stderr, result.stderr


def test_every_test_the_term_table_names_exists():
    """README's "A term, step by step" names each step's tests as file::name (`flow::` is
    tests/hub/test_hub_flow.py, `hub/` is tests/hub/, a bare `::name` is in the file named before)."""
    section = README.read_text().split("## A term, step by step", 1)[1].split("\n## ", 1)[0]
    named, last = [], None
    for ref in re.findall(r"`([\w/.]*::\w+)`", section):
        where, name = ref.split("::")
        where = {"flow": "tests/hub/test_hub_flow.py"}.get(where, where.replace("hub/", "tests/hub/", 1)
                                                          if where.startswith("hub/") else where)
        last = where or last
        named.append((last, name))
    assert len(named) >= 20, named
    for where, name in named:
        assert f"def {name}(" in (REPO / where).read_text(), f"README's term table names {where}::{name}: no such test"
