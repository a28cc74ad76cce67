"""Release an assignment to students, and prove that nothing of the instructor's leaks."""
import shutil
from pathlib import Path

import nbformat

from autograder import text
from autograder.editions import LANGUAGES
from autograder.course import REFERENCE_DIR, make_api, release_notebook, source_notebook
from autograder.cells import HIDDEN_TESTS, MARKERS, SOLUTION, begin, end, is_solution

LEAK_MARKERS = MARKERS
MIN_LINE = 20  # shorter solution lines (`return u, z, y`) may well be in the template


class LeakError(RuntimeError):
    pass


def release(root, assignment):
    """nbgrader generate_assignment without the reference folder, then the leak check."""
    release_dir = Path(root) / "release" / assignment
    if release_dir.exists():
        shutil.rmtree(release_dir)
    # ref/ and the other languages' editions (ja/) hold solutions: never released
    ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", REFERENCE_DIR, *LANGUAGES[1:]]
    api = make_api(root, **{"CourseDirectory.ignore": ignore})
    result = api.generate_assignment(assignment, force=True)
    if not result["success"]:
        raise RuntimeError(text.GENERATE_FAILED.format(log=f"{result.get('log', '')}{result.get('error', '')}"))
    check_release(root, assignment)
    return release_dir


def private_lines(nb, regions=(SOLUTION, HIDDEN_TESTS)):
    """Substantial lines that stand only inside `regions` (### BEGIN <region> ... ### END <region>)."""
    private, public = set(), set()
    for cell in nb.cells:
        # a solution cell without markers (a written answer) is all solution
        inside = SOLUTION in regions and is_solution(cell) and begin(SOLUTION) not in cell.source
        for line in cell.source.splitlines():
            if any(begin(region) in line for region in regions):
                inside = True
            elif any(end(region) in line for region in regions):
                inside = False
            elif len(line.strip()) >= MIN_LINE:
                (private if inside else public).add(line.strip())
    return private - public


def find_leaks(root, assignment):
    """What of the instructor's is in the release: a list of plain descriptions."""
    leaks = []
    release_dir = Path(root) / "release" / assignment
    for path in sorted(release_dir.rglob("*")):
        rel = path.relative_to(release_dir)
        if REFERENCE_DIR in rel.parts or path.suffix in (".npz", ".npy", ".db"):
            leaks.append(text.LEAK_FILE.format(path=rel))
    released = nbformat.read(release_notebook(root, assignment), as_version=4)
    released_text = "\n".join(cell.source for cell in released.cells)
    leaks += [text.LEAK_MARKER.format(marker=m) for m in LEAK_MARKERS if m in released_text]
    source = nbformat.read(source_notebook(root, assignment), as_version=4)
    released_lines = {line.strip() for line in released_text.splitlines()}
    leaks += [text.LEAK_LINE.format(line=line)
              for line in sorted(private_lines(source) & released_lines)]
    return leaks


def check_release(root, assignment):
    leaks = find_leaks(root, assignment)
    if leaks:
        raise LeakError(text.LEAKS.format(leaks="\n  ".join(leaks)))
