"""Every command README.md and deploy/one-server/README.md give works exactly as written.

The commands are read from the READMEs' bash blocks. Each is either run here, in a copy of the
repository that shares this checkout's .venv, from a shell whose PATH does not hold the venv
(as a reader's has not, unless the README activates it), or named in ELSEWHERE with the test or
the CI step that runs it. A command in neither fails the test, so a new README command needs one.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import REPO, readme_commands, typed_by_the_instructor

ELSEWHERE = {
    "make test": "CI: .ci/run runs it in a fresh clone",
    "git clone <this repository> && cd <it>": "CI: a fresh clone of the repository",
    "make lab": "tests/test_lab.py: JupyterLab started at the repository root finds the course",
    "nbgrader release_assignment lec2": "tests/test_exchange.py, through nbgrader's command line",
    "nbgrader collect lec2": "tests/test_exchange.py, through nbgrader's command line",
    "conda env create -f environment.yml && conda activate backprop-course":
        "no conda on this machine; tests/test_setup.py checks environment.yml against pyproject.toml",
    "python -m autograder demo": "what `make demo` runs, with the venv's python (make demo is run here)",
}
INSTRUCTOR = ["make install && . .venv/bin/activate",
              "python -m autograder release lec2",
              "python -m autograder grade lec2 --submissions assignments/submitted --out grading_output --jobs 2"]
SELF_STUDY = [".venv/bin/python -m autograder release lec2 && cp -r assignments/release/lec2 my_lec2",
              ".venv/bin/python -m autograder check my_lec2/lec2.ipynb",
              ".venv/bin/python -m autograder grade lec2 --submissions mine"]
JAPANESE_SELF_STUDY = ".venv/bin/python -m autograder release lec2 --lang ja && cp -r assignments/release/lec2 my_lec2_ja"
EDITIONS = ".venv/bin/python -m autograder.languages.editions lectures/03_backpropagation.ipynb lectures/03_backpropagation.ja.ipynb"
RUN_HERE = ["make demo", *INSTRUCTOR, *SELF_STUDY, JAPANESE_SELF_STUDY, EDITIONS]


DEPLOY_ELSEWHERE = {  # deploy/one-server/README.md: the root's set-up, done by the hub tests' fixture
    "bash deploy/install_hub.sh": "make test-hub runs it through deploy/install_test_deps.sh (CI, as root)",
    "cp deploy/one-server/roster.example /root/roster && $EDITOR /root/roster":
        "an editor, by hand; tests/hub/hubtools.py writes the test's roster in the same format",
    "bash deploy/one-server/setup_course.sh /root/roster": "tests/hub/hubtools.py (Hub.setup_course), "
                                                           "with the test's roster file",
    "passwd teacher; passwd alice; ...": "tests/hub/hubtools.py sets the passwords with chpasswd",
    "install -m 0644 deploy/one-server/backprop-hub.service /etc/systemd/system/":
        "not run: no systemd here; tests/hub/test_one_server_files.py has systemd-analyze verify the unit, "
        "the hub tests start the hub with its ExecStart and Environment=, and "
        "test_restarting_the_hub_leaves_running_servers_running stops it as its KillMode=process does",
    "systemctl daemon-reload && systemctl enable --now backprop-hub": "not run: no systemd here (as above)",
    "cd ~/backprop && nbgrader release_assignment lec2":
        "the hub flow test releases through formgrader's Release, which runs the same nbgrader step",
}
TYPED = "typed as written into the instructor's terminal by test_the_readme_commands_work_in_jupyterlab_terminals"


def test_every_readme_command_is_run_here_or_named_elsewhere():
    commands = readme_commands(REPO / "README.md")
    assert set(commands) == set(RUN_HERE) | set(ELSEWHERE), set(commands) ^ (set(RUN_HERE) | set(ELSEWHERE))


def test_every_deploy_readme_command_is_run_by_a_hub_test_or_named():
    commands = readme_commands(REPO / "deploy" / "one-server" / "README.md")
    typed = [c for c in commands if typed_by_the_instructor(c)]
    assert len(typed) >= 6, typed  # release, the due date, collect, grade, feedback, export
    assert set(commands) - set(typed) == set(DEPLOY_ELSEWHERE), set(commands) - set(typed) ^ set(DEPLOY_ELSEWHERE)
    assert readme_commands(REPO / "deploy" / "kubernetes" / "README.md") == []  # prose and values only


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """The repository's files (as git sees them, the working tree's version) in another folder,
    with this checkout's .venv, which `make install` there must find up to date."""
    if not (REPO / ".venv" / "bin" / "python").exists():
        pytest.skip("no .venv in this checkout (make install makes it)")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True,
                            text=True, check=True).stdout.splitlines()
    here = tmp_path_factory.mktemp("readme") / "course repo"
    for name in listed:
        if (REPO / name).is_file():
            (here / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, here / name)
    (here / ".venv").symlink_to(REPO / ".venv")
    # make install must be a no-op here: otherwise it would re-point this checkout's venv at the copy
    assert subprocess.run(["make", "-q", "install"], cwd=here).returncode == 0, "make install is not up to date"
    return here


def shell(script, cwd):
    """`script` in bash -e, from a PATH without the venv (a reader's shell), stdout and stderr together."""
    venv_bin = {str(REPO / ".venv" / "bin"), str(Path(sys.executable).parent)}
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p not in venv_bin)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    done = subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env={**env, "PATH": path},
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
    assert "Traceback" not in done.stdout, done.stdout[-4000:]
    return done


def test_make_demo(copy):
    done = shell("make demo", copy)
    assert done.returncode == 0, done.stdout[-4000:]
    assert (copy / "demo_output" / "results" / "grades.csv").is_file()


def test_the_instructor_quick_start(copy):
    ann = copy / "assignments" / "submitted" / "ann" / "lec2"
    ann.mkdir(parents=True)
    shutil.copyfile(copy / "assignments" / "source" / "lec2" / "lec2.ipynb", ann / "lec2.ipynb")
    done = shell("\n".join(INSTRUCTOR), copy)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "ann,31,33" in (copy / "grading_output" / "grades.csv").read_text()


def test_the_japanese_self_study_release_and_check(copy):
    """The Japanese edition released, filled in with the solution and checked: in Japanese."""
    assert shell(JAPANESE_SELF_STUDY, copy).returncode == 0
    released = nbformat.read(copy / "my_lec2_ja" / "lec2.ipynb", as_version=4)
    assert released.metadata.get("edition") == "ja" and released.cells[0].source.startswith("# 課題 lec2")
    shutil.copyfile(copy / "assignments" / "source" / "lec2" / "ja" / "lec2.ipynb", copy / "my_lec2_ja" / "lec2.ipynb")
    done = shell(".venv/bin/python -m autograder check my_lec2_ja/lec2.ipynb", copy)
    assert done.returncode == 0 and "公開テスト 13/13 件に合格しました" in done.stdout, done.stdout[-3000:]


def test_the_editions_command_says_the_japanese_lecture_is_in_step(copy):
    done = shell(EDITIONS, copy)
    assert done.returncode == 0 and "in step with" in done.stdout, done.stdout[-3000:]


def test_the_self_study_quick_start(copy):
    release, check, grade = SELF_STUDY
    assert shell(release, copy).returncode == 0
    solution = copy / "assignments" / "source" / "lec2" / "lec2.ipynb"
    shutil.copyfile(solution, copy / "my_lec2" / "lec2.ipynb")  # "... fill in my_lec2/lec2.ipynb ..."
    done = shell(check, copy)
    assert done.returncode == 0 and "13/13 visible tests passed" in done.stdout, done.stdout[-3000:]
    (copy / "mine" / "me").mkdir(parents=True)
    shutil.copyfile(copy / "my_lec2" / "lec2.ipynb", copy / "mine" / "me" / "lec2.ipynb")
    done = shell(grade, copy)  # the first grading of this course: nbgrader makes its gradebook (alembic)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "me,31,33" in (copy / "grading_output" / "grades.csv").read_text()
