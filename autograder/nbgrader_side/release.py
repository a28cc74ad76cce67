"""Release an assignment to students, and prove that nothing of the instructor's leaks."""
import shutil
from contextlib import contextmanager

import nbformat

from autograder.languages import text
from autograder.course import REFERENCE_DIR
from autograder.cells import HIDDEN_TESTS, MARKERS, SOLUTION, begin, end, is_solution

LEAK_MARKERS = MARKERS
MIN_LINE = 20  # shorter solution lines (`return u, z, y`) may well be in the template


class LeakError(RuntimeError):
    pass


def release(course, assignment):
    """nbgrader generate_assignment of the edition in the language spoken, without the reference
    folder or the other editions, then the leak check."""
    language = text.language()
    if not course.edition_notebook(assignment, language).is_file():
        raise FileNotFoundError(text.NO_EDITION.format(language=language, assignment=assignment,
                                                       path=course.edition_notebook(assignment, language)))
    release_dir = course.release_notebook(assignment).parent
    if release_dir.exists():
        shutil.rmtree(release_dir)
    # ref/ and the other languages' editions (ja/) hold solutions: never released
    ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", REFERENCE_DIR, *text.LANGUAGES[1:]]
    with edition_source(course, assignment, language, ignore) as source_directory:
        api = course.api(**{"CourseDirectory.ignore": ignore, "CourseDirectory.source_directory": source_directory})
        result = api.generate_assignment(assignment, force=True)
    if not result["success"]:
        raise RuntimeError(text.GENERATE_FAILED.format(log=f"{result.get('log', '')}{result.get('error', '')}"))
    check_release(course, assignment)
    return release_dir


@contextmanager
def edition_source(course, assignment, language, ignore):
    """nbgrader's source folder (relative to the root) that holds the assignment in `language`.

    nbgrader releases source/<assignment>/<assignment>.ipynb; another edition is released from a
    copy of the assignment's folder with the translation in the English notebook's place, so the
    gradebook, the release and the checksums all come from nbgrader itself."""
    if language == "en":
        yield "source"
        return
    folder = f".source-{language}"
    copy = course.root / folder / assignment
    shutil.rmtree(copy.parent, ignore_errors=True)
    try:
        shutil.copytree(course.source_folder(assignment), copy, ignore=shutil.ignore_patterns(*ignore))
        shutil.copyfile(course.edition_notebook(assignment, language), copy / f"{assignment}.ipynb")
        yield folder
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)


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


def find_leaks(course, assignment):
    """What of the instructor's is in the release: a list of plain descriptions."""
    leaks = []
    release_dir = course.release_notebook(assignment).parent
    for path in sorted(release_dir.rglob("*")):
        rel = path.relative_to(release_dir)
        if {REFERENCE_DIR, *text.LANGUAGES[1:]} & set(rel.parts) or path.suffix in (".npz", ".npy", ".db"):
            leaks.append(text.LEAK_FILE.format(path=rel))
    released = nbformat.read(course.release_notebook(assignment), as_version=4)
    released_text = "\n".join(cell.source for cell in released.cells)
    leaks += [text.LEAK_MARKER.format(marker=m) for m in LEAK_MARKERS if m in released_text]
    released_lines = {line.strip() for line in released_text.splitlines()}
    for language in text.LANGUAGES:  # whichever edition was released, no edition's private line is in it
        source = course.edition_notebook(assignment, language)
        if source.is_file():
            leaks += [text.LEAK_LINE.format(line=line)
                      for line in sorted(private_lines(nbformat.read(source, as_version=4)) & released_lines)]
    return leaks


def check_release(course, assignment):
    leaks = find_leaks(course, assignment)
    if leaks:
        raise LeakError(text.LEAKS.format(leaks="\n  ".join(leaks)))
