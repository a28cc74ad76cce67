"""Seconds per submission: stock `nbgrader autograde` + `generate_feedback` against
`python -m autograder grade --jobs 1` and `--jobs 2`, on N copies of the solution,
on this machine, in one run.

    python benchmarks/bench_grading.py [N]      (default N = 20)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder import demo
from autograder.grade import grade
from autograder.release import release

BIN = Path(sys.executable).parent


def make_class(root, n):
    """n copies of the solution under <root>/../subs/student_XXX/lec2.ipynb."""
    subs = root.parent / "subs"
    demo.write_class(root, subs, [demo.Student("student_000", "solution")])
    for i in range(1, n):
        shutil.copytree(subs / "student_000", subs / f"student_{i:03d}")
    return subs


def stock(root, subs):
    """nbgrader's own command line: one autograde and one generate_feedback for the class."""
    for folder in subs.iterdir():
        target = root / "submitted" / folder.name / "lec2"
        target.mkdir(parents=True)
        shutil.copyfile(folder / "lec2.ipynb", target / "lec2.ipynb")
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    for step in ("autograde", "generate_feedback"):
        subprocess.run([str(BIN / "nbgrader"), step, "lec2", "--force"], cwd=root, env=env, check=True,
                       capture_output=True)


def fresh_course(base, name):
    root = demo.copy_course(base / name / "course")
    release(root, "lec2")
    return root


def main(n=20):
    base = Path(tempfile.mkdtemp(prefix="bench_grading_"))
    print(f"{n} copies of the solution, {os.cpu_count()} cores")
    results = {}
    for name in ("nbgrader autograde + generate_feedback", "grade --jobs 1", "grade --jobs 2"):
        root = fresh_course(base, name.replace(" ", "_"))
        subs = make_class(root, n)
        start = time.perf_counter()
        if name.startswith("nbgrader"):
            stock(root, subs)
        else:
            grade(root, "lec2", subs, root.parent / "out", jobs=int(name[-1]))
        results[name] = (time.perf_counter() - start) / n
    print(f"\n{'method':42} {'s / submission':>15} {'speed-up vs stock':>18}")
    baseline = results["nbgrader autograde + generate_feedback"]
    for name, per in results.items():
        print(f"{name:42} {per:15.2f} {baseline / per:17.2f}x")
    shutil.rmtree(base)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
