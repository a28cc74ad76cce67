"""nbgrader's own autograde, which formgrader's Autograde button runs, grades with the course's grader.

The demo class and five cheats (blank answers, and records forged in each way that once worked) are put in submitted/ and graded by `nbgrader autograde`, then by
`python -m autograder grade` in place. Every grade cell gets the same points both ways, hidden tests
included (nbgrader's Execute alone could not judge them), and the cheats get nothing.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_adversarial import Kit, build_forge, build_forge_thread, build_gc_patch, build_patch_blank, build_rebind

from autograder.commands import demo
from autograder.cli import main
from autograder.course import Course

BIN = Path(sys.executable).parent
CHEATS = {"cheat_patch": build_patch_blank, "cheat_forge": build_forge, "cheat_rebind": build_rebind,
          "cheat_gc": build_gc_patch, "cheat_thread": build_forge_thread}


def points(course):
    """{student: {grade cell: points}} from the gradebook."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {s.student.id: {g.name: g.score for g in s.notebooks[0].grades}
                for s in gradebook.find_assignment("lec2").submissions}


@pytest.mark.usefixtures("lec2_released")
def test_nbgrader_autograde_scores_as_the_course_grader_does(course, tmp_path):
    class_dir = tmp_path / "class"
    demo.write_class(Course(course), class_dir)
    kit = Kit(course)
    for name, build in CHEATS.items():
        build(kit, class_dir / name)
    for folder in class_dir.iterdir():
        shutil.copytree(folder, course / "submitted" / folder.name / "lec2")

    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run([str(BIN / "nbgrader"), "autograde", "lec2"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    by_nbgrader = points(course)

    assert main(["grade", "lec2", "--course", str(course), "--submissions", str(course / "submitted"),
                 "--out", str(tmp_path / "grading"), "--jobs", "2"]) == 0
    assert points(course) == by_nbgrader
    solution = by_nbgrader["solution"]
    assert solution["hidden_accuracy"] == 2 and solution["hidden_overfit"] == 1  # hidden tests judged
    for cheat in CHEATS:
        assert sum(p or 0 for p in by_nbgrader[cheat].values()) == 0, by_nbgrader[cheat]
    mistaken = next(s for s in demo.CLASS if s.name == "sigmoid_prime_of_u")
    assert {g for g, p in by_nbgrader[mistaken.name].items() if p == 0} >= mistaken.fails
