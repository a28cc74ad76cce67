"""Before anyone is graded: the course's own solution, graded under the very same conditions.

The solution notebook earns every automatic point by construction. If it does not when graded
as a student's notebook would be (same sandbox, same modules, same reference, same limits), then
something around the grading is broken, not the students' work: a module the kernel cannot
import, a folder the sandbox hides too well, a stale reference. Grading the class then would give
every student the same wrong score and exit as if all were well. So nobody is graded, and the
instructor is told what failed.
"""
import hashlib
import re
import shutil
import sys
from pathlib import Path

import nbformat

from autograder import text
from autograder.course import REFERENCE_DIR, source_notebook
from autograder.execute import grade_submission
from autograder.kernel_modules import locate

STUDENT = "solution"  # the canary's student id: it seeds its test inputs, and is written nowhere
NO_MODULE = re.compile(r"(?:ModuleNotFoundError|ImportError): .*?['\"]([\w.]+)['\"]")


class CanaryFailed(Exception):
    """The solution lost automatic points; str() says which and why, for the instructor."""


def check_solution(root, ctx):
    """Grade the source solution as a submission; raise CanaryFailed unless every test passes."""
    folder = Path(ctx.scratch) / "canary"
    shutil.rmtree(folder, ignore_errors=True)
    source_dir = source_notebook(root, ctx.assignment).parent
    shutil.copytree(source_dir, folder / ctx.assignment, ignore=shutil.ignore_patterns(REFERENCE_DIR, ".*"))
    try:
        outcome = grade_submission(folder, STUDENT, ctx)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    problems = explain(outcome)
    if problems:
        raise CanaryFailed(text.CANARY_FAILED.format(
            assignment=ctx.assignment, notebook=source_notebook(root, ctx.assignment),
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


def check_solution_once(root, ctx):
    """check_solution, once per process and set of conditions: formgrader's server grades one
    student at a time, and a test session grades many classes, under the same conditions."""
    key = conditions(root, ctx)
    if key not in _passed:
        check_solution(root, ctx)
        _passed.add(key)


def conditions(root, ctx):
    """What decides the canary's outcome: the source, the reference (the hidden tests' sentences
    too), the modules the kernel gets, the limits, the sandbox's use, the grader's Python and the
    course's language. Where the course lies is not in it: a process that passed once for a
    source passes for the same source in another folder."""
    digest = hashlib.sha256(nbformat.writes(ctx.source).encode())
    folders = [source_notebook(root, ctx.assignment).parent / REFERENCE_DIR] + ([Path(ctx.modules)] if ctx.modules else [])
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest(), repr(ctx.limits), ctx.require_sandbox, sys.executable, ctx.language
