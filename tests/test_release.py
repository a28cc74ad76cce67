import nbformat
import pytest

from autograder.course import release_notebook
from autograder.release import LeakError, check_release, find_leaks, release


@pytest.fixture
def released(course):
    release(course, "lec2")
    return course


def test_release_holds_the_notebook_and_nothing_of_the_instructor(released):
    files = sorted(p.relative_to(released / "release" / "lec2").as_posix()
                   for p in (released / "release" / "lec2").rglob("*") if p.is_file())
    assert files == ["lec2.ipynb", "messages.en.json", "messages.ja.json"]  # the tests' sentences go with it
    hidden = (released / "source" / "lec2" / "ref" / "hidden_messages.en.json").read_text()
    assert "hidden_" not in (released / "release" / "lec2" / "messages.en.json").read_text() and "hidden_" in hidden
    assert (released / "source" / "lec2" / "ref" / "lec2_reference.npz").exists()
    assert find_leaks(released, "lec2") == []


def test_release_has_every_answer_cell_emptied(released):
    nb = nbformat.read(release_notebook(released, "lec2"), as_version=4)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(answers) == 9
    assert all("raise NotImplementedError()" in c.source or c.source == "YOUR ANSWER HERE" for c in answers)


@pytest.mark.parametrize("leak", ["solution line", "hidden test", "reference file"])
def test_leak_check_fires(released, leak):
    path = release_notebook(released, "lec2")
    nb = nbformat.read(path, as_version=4)
    if leak == "solution line":
        nb.cells[-1].source += "\ndelta1 = (V[:, 1:].T @ delta2) * f_prime(u)  # V[:, 1:]: the bias column sends no error back"
    elif leak == "hidden test":
        nb.cells[-1].source += "\npixels = rng.permutation(X_tr.shape[1])"
    else:
        (path.parent / "ref").mkdir()
        (path.parent / "ref" / "lec2_reference.npz").write_bytes(b"")
    nbformat.write(nb, path)
    with pytest.raises(LeakError, match="LEAKS"):
        check_release(released, "lec2")
