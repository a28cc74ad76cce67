"""Where the seconds of `python -m autograder grade` go: one run at --jobs 1, each stage and each
test timed where it runs, per submission; and the part of the run that no second worker shortens
(the serial part: the start, the gradebook writes, the end), from which the time of a class of any
size on any number of cores is estimated.

    python benchmarks/profile_grading.py [N] [KIND ...] [--assignment A]

N submissions (default 16) of the demo class's kinds in turn, or of the KINDs named (e.g. solution), of
assignment A (default: the course's demo assignment).
A test's time is its run here while the kernel answers its calls (the student's code runs in the
kernel meanwhile), then its judge's run with the reference. The timing wraps functions of the grader
in this process only; nothing is written into the course.
"""
import argparse
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from autograder.grading import execute, grade as grading, judge, report
from autograder.course import Course
from bench_grading import fresh_course, make_class, mixes  # this folder's benchmark: the same classes

SECONDS, CALLS = defaultdict(float), Counter()


def timed(module, name, label=None):
    """Replace module.name by a wrapper adding its time to SECONDS[label(args)]."""
    function = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            key = label(*args) if label else name
            SECONDS[key] += time.perf_counter() - start
            CALLS[key] += 1
    setattr(module, name, wrapper)


def instrument():
    timed(execute, "run_cells", lambda *a: "kernel run, tests included (run_cells)")
    timed(execute, "run_test", lambda source, grade_id, *a: f"test {grade_id}")
    timed(judge, "judge_cell", lambda source, grade_id, *a: f"judge {grade_id}")
    timed(execute, "diagnose", lambda *a: "diagnosis (diagnose)")
    timed(grading, "_feedback_of", lambda *a: "feedback page (generate_feedback)")
    timed(grading, "save", lambda *a: "serial: gradebook and autograded/ (save)")
    timed(grading, "make_context", lambda *a: "serial: context (make_context)")
    timed(grading, "check_solution_once", lambda *a: "serial: canary (check_solution_once)")
    timed(grading, "ensure_assignment", lambda *a: "serial: assignment in the gradebook")
    timed(grading, "write_outputs", lambda *a: "serial: grades.csv, tests.csv, pages (write_outputs)")
    timed(report, "write_report", lambda *a: "serial: the class report (write_report)")


def main(n=16, kinds=(), assignment=None):
    assignment = assignment or Course().demo_assignment
    base = Path(tempfile.mkdtemp(prefix="profile_grading_"))
    root = fresh_course(base, "course", assignment)
    chosen = list(kinds) or mixes(assignment)["the demo class"]
    subs = make_class(root, n, chosen, assignment)
    instrument()
    start = time.perf_counter()
    grading.grade(root, assignment, subs, base / "out", jobs=1)
    total = time.perf_counter() - start
    shutil.rmtree(base)

    tests = sum(v for k, v in SECONDS.items() if k.startswith("test "))
    kernel = SECONDS["kernel run, tests included (run_cells)"]
    print(f"\n{assignment}, {n} submissions of {', '.join(chosen)}: {total:.1f} s at --jobs 1, "
          f"{total / n:.2f} s a submission")
    print(f"{'seconds a submission':>22}  what")
    for key, seconds in sorted(SECONDS.items(), key=lambda kv: -kv[1]):
        if seconds / n >= 0.005:
            print(f"{seconds / n:22.3f}  {key}")
    print(f"{(kernel - tests) / n:22.3f}  kernel start and the notebook's own cells (run_cells less its tests)")
    estimate(total, n)


def estimate(total, n):
    """The serial part, and a class's time from this run's costs: the start and the end once, and per
    submission the larger of its parallel work shared by the cores and the parent's gradebook write
    (which runs beside the workers, one submission at a time)."""
    writes = SECONDS["serial: gradebook and autograded/ (save)"]
    fixed = sum(v for k, v in SECONDS.items() if k.startswith("serial")) - writes
    parallel = (total - fixed - writes) / n
    print(f"\nserial part: {fixed:.1f} s start and end, {writes / n:.3f} s a submission of gradebook writes: "
          f"{(fixed + writes) / total:.1%} of this run")
    print("estimated time of a class from these costs (workers as many as cores, perfect scaling):")
    for size, cores in ((n, 2), (1000, 16)):
        minutes = (fixed + size * max(parallel / cores, writes / n)) / 60
        print(f"  {size:5d} submissions on {cores:2d} cores: {minutes:5.1f} min")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=16, help="submissions")
    parser.add_argument("kinds", nargs="*", help="demo class students to make them of (default: the whole class)")
    parser.add_argument("--assignment", default=None, help="the assignment graded (default: the course's demo one)")
    args = parser.parse_args()
    main(args.n, tuple(args.kinds), args.assignment)
