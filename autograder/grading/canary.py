"""Before anyone is graded: the course's own solution, graded under the very same conditions.

The solution notebook earns every automatic point by construction. If it does not when graded
as a student's notebook would be (same sandbox, same modules, same reference, same limits), then
something around the grading is broken, not the students' work: a module the kernel cannot
import, a folder the sandbox hides too well, a stale reference. Grading the class then would give
every student the same wrong score and exit as if all were well. So nobody is graded, and the
instructor is told what failed.
"""
import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat
import numpy

from autograder.languages import text
from autograder.grading.execute import grade_submission
from autograder.kernel.kernel_modules import locate
from autograder.kernel.mounts import why_no_sandbox

STUDENT = "solution"  # the canary's student id: it seeds its test inputs, and is written nowhere
NO_MODULE = re.compile(r"(?:ModuleNotFoundError|ImportError): .*?['\"]([\w.]+)['\"]")


class CanaryFailed(Exception):
    """The solution lost automatic points; str() says which and why, for the instructor."""


def check_solution(course, ctx):
    """Grade the source solution as a submission; raise CanaryFailed unless every test passes."""
    folder = Path(ctx.scratch) / "canary"
    shutil.rmtree(folder, ignore_errors=True)
    source_dir = course.source_folder(ctx.assignment)
    shutil.copytree(source_dir, folder / ctx.assignment, ignore=shutil.ignore_patterns(course.instructor_folder(ctx.assignment).name, ".*"))
    try:
        outcome = grade_submission(folder, STUDENT, ctx)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    problems = explain(outcome)
    if problems:
        raise CanaryFailed(text.CANARY_FAILED.format(
            assignment=ctx.assignment, notebook=course.source_notebook(ctx.assignment),
            problems="\n".join(f"  - {p}" for p in problems)))


def explain(outcome):
    """What went wrong, in lines: every failed test, every note, every module the kernel missed."""
    failed = {}  # message -> the tests that failed with it: one cause often fails them all
    for grade_id, verdict in outcome.verdicts.items():
        if not verdict.passed:
            failed.setdefault(verdict.message, []).append(grade_id)
    if not failed:
        return []
    lines = [text.CANARY_TEST.format(tests=", ".join(tests), message=message) for message, tests in failed.items()]
    lines += outcome.notes
    for name in sorted(set(missing_modules(outcome.nb, outcome.notes))):
        where = locate(name)
        lines.append(text.CANARY_MODULE.format(name=name, where=where) if where
                     else text.CANARY_MODULE_NOWHERE.format(name=name, python=sys.executable))
    return lines


def missing_modules(nb, notes):
    """Names of the modules that the run could not import, from its errors and notes."""
    said = [f"{o.get('ename')}: {o.get('evalue')}" for cell in nb.cells for o in cell.get("outputs", [])
            if o.get("output_type") == "error"]
    for line in said + list(notes):
        yield from (name.split(".")[0] for name in NO_MODULE.findall(line))


_passed = set()  # the conditions (see conditions()) under which the solution passed in this process


def check_solution_once(course, ctx):
    """check_solution, once per set of conditions: formgrader's server grades one student at a
    time, a test session grades many classes, and an instructor runs grade again and again, under
    the same conditions. A pass is remembered in this process and on disk (passed_folder()), under
    a digest of the conditions, so that another process under the same ones trusts it; any
    change of them (the source, the reference, the modules, the limits, the sandbox, Python and
    its NumPy, the language, the grader's own code) is a new digest, and the solution is graded again."""
    key = conditions(course, ctx)
    marker = passed_folder() / hashlib.sha256(repr(key).encode()).hexdigest()
    if key in _passed or marker.is_file():
        return
    check_solution(course, ctx)
    _passed.add(key)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:  # a cache we may not write: the pass lasts this process only
        pass


def passed_folder():
    """Where passes are remembered: the user's cache, one empty file per set of conditions. Where
    the course lies is not part of them, so a copy of the course (the demo's) trusts them too."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "backprop-course" / "canary-passed"


def conditions(course, ctx):
    """What decides the canary's outcome: the source, the reference (the hidden tests' sentences
    too), the modules the kernel gets, the limits, the sandbox (asked for, and whether there is
    one), the grader's Python, NumPy and own code, and the language spoken. Where the course lies
    is not in it: a pass for a source holds for the same source in another folder."""
    digest = hashlib.sha256(nbformat.writes(ctx.source).encode())
    grader = Path(__file__).parent.parent  # autograder/, all of it
    folders = [course.instructor_folder(ctx.assignment), grader]
    folders += [Path(ctx.modules)] if ctx.modules else []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return (digest.hexdigest(), repr(ctx.limits), ctx.require_sandbox, why_no_sandbox(), sys.executable,
            numpy.__version__, text.language())
