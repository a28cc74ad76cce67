"""Seconds per submission: stock `nbgrader autograde` + `generate_feedback` against
`nbgrader autograde` with the course's config (formgrader's Autograde button: the course's grader
inside nbgrader) and `python -m autograder grade --jobs 1` and `--jobs 2`, on two classes of N
submissions each: the demo class (the solution, a blank notebook and the typical mistakes, in turn)
and correct submissions alone; on this machine, in one run; and the floor: one kernel start plus
executing the solution notebook with its hidden tests (nbclient), averaged over a few runs.

    python benchmarks/bench_grading.py [N] [--assignment A]   (default N = 16, A the course's demo
                                                              assignment; make benchmark ASSIGNMENT=A)
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograder.commands import demo
from autograder.course import Course
from autograder.grading.grade import grade
from autograder.nbgrader_side.release import release

BIN = Path(sys.executable).parent
STOCK = "stock nbgrader autograde + generate_feedback"
COURSE = "nbgrader autograde, course config + feedback"
# appended to the course's config for the stock run: nbgrader's own steps, Execute in the kernel, and
# its own feedback (nbconvert's HTMLExporter and nbgrader's template and preprocessors, not the course's)
STOCK_CONFIG = """
from nbconvert import HTMLExporter as _HTMLExporter
from nbgrader.converters import Autograde as _Autograde, GenerateFeedback as _GenerateFeedback
for _name in ("sanitize_preprocessors", "autograde_preprocessors"):
    setattr(c.Autograde, _name, _Autograde.class_traits()[_name].make_dynamic_default())
c.GenerateFeedback.preprocessors = _GenerateFeedback.class_traits()["preprocessors"].make_dynamic_default()
c.GenerateFeedback.exporter_class = _HTMLExporter
c.HTMLExporter.pop("template_file", None)
"""


def mixes(assignment):
    """The two classes measured: {name: the demo class's students it is made of, in turn}."""
    return {"the demo class": [kind.name for kind in demo.demo_class(Course(), assignment)],
            "correct submissions alone": ["solution"]}


def make_class(root, n, kinds, assignment):
    """n submissions under <root>/../subs/student_XXX/<assignment>.ipynb, of `kinds` (demo class names) in turn."""
    written = root.parent / "kinds"
    demo.write_class(Course(root), written, assignment=assignment)
    subs = root.parent / "subs"
    for i in range(n):
        shutil.copytree(written / kinds[i % len(kinds)], subs / f"student_{i:03d}")
    return subs


def nbgrader(root, subs, assignment, config=""):
    """nbgrader's own command line: one autograde and one generate_feedback for the class."""
    with open(root / "nbgrader_config.py", "a") as f:
        f.write(config)
    for folder in subs.iterdir():
        target = root / "submitted" / folder.name / assignment
        target.mkdir(parents=True)
        shutil.copyfile(folder / f"{assignment}.ipynb", target / f"{assignment}.ipynb")
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    for step in ("autograde", "generate_feedback"):
        subprocess.run([str(BIN / "nbgrader"), step, assignment, "--force"], cwd=root, env=env, check=True,
                       capture_output=True)


def floor(root, assignment, runs=3):
    """Seconds for one kernel start plus the solution notebook, hidden tests included."""
    path = Course(root).source_notebook(assignment)
    start = time.perf_counter()
    for _ in range(runs):
        nb = nbformat.read(path, as_version=4)
        # allow_errors: outside the grader, hidden tests run their code, then say they cannot judge it
        NotebookClient(nb, timeout=300, allow_errors=True, resources={"metadata": {"path": str(path.parent)}}).execute()
    return (time.perf_counter() - start) / runs


def fresh_course(base, name, assignment):
    root = demo.copy_course(base / name / "course")
    release(Course(root), assignment)
    return root


def measure(base, kinds, n, assignment):
    """Seconds a submission of each method on n submissions of `kinds` (demo class names, in turn)."""
    results = {}
    for name in (STOCK, COURSE, "grade --jobs 1", "grade --jobs 2"):
        root = fresh_course(base / str(len(kinds)), name.replace(" ", "_"), assignment)
        subs = make_class(root, n, kinds, assignment)
        start = time.perf_counter()
        if name in (STOCK, COURSE):
            nbgrader(root, subs, assignment, STOCK_CONFIG if name == STOCK else "")
        else:
            grade(Course(root), assignment, subs, root.parent / "out", jobs=int(name[-1]))
        results[name] = (time.perf_counter() - start) / n
    return results


def main(n=16, assignment=None):
    assignment = assignment or Course().demo_assignment
    base = Path(tempfile.mkdtemp(prefix="bench_grading_"))
    print(f"{assignment}: {n} submissions a class, {os.cpu_count()} cores")
    results = {mix: measure(base, kinds, n, assignment) for mix, kinds in mixes(assignment).items()}
    base_floor = floor(fresh_course(base, "floor", assignment), assignment)
    for mix, per_method in results.items():
        stock = per_method[STOCK]
        print(f"\n{mix:46} {'s / submission':>15} {'speed-up vs stock':>18} {'vs floor':>9}")
        for name, per in per_method.items():
            print(f"{name:46} {per:15.2f} {stock / per:17.2f}x {per / base_floor:8.2f}x")
    print(f"\n{'floor: kernel start + solution notebook':46} {base_floor:15.2f}")
    shutil.rmtree(base)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=16, help="submissions a class")
    parser.add_argument("--assignment", default=None, help="the assignment graded (default: the course's demo one)")
    args = parser.parse_args()
    main(args.n, args.assignment)
