from pathlib import Path

import pytest

from autograder.course import DEFAULT_ROOT
from autograder.demo import copy_course

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def course(tmp_path):
    """A private copy of the course root: config and source, nothing generated."""
    return copy_course(tmp_path / "course")


@pytest.fixture(scope="session")
def solution():
    from autograder.course import source_notebook
    from autograder.solution import load_solution
    return load_solution(source_notebook(DEFAULT_ROOT, "lec2"))
