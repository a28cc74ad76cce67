import os
from pathlib import Path

import pytest

from autograder.course import DEFAULT_ROOT
from autograder.demo import copy_course

REPO = Path(__file__).resolve().parent.parent


def skip_or_fail_in_ci(reason):
    """Skip a test whose tools are missing here; under CI fail, so that a green CI means it ran."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def course(tmp_path):
    """A private copy of the course root: config and source, nothing generated."""
    return copy_course(tmp_path / "course")


@pytest.fixture(scope="session")
def solution():
    from autograder.course import source_notebook
    from autograder.solution import load_solution
    return load_solution(source_notebook(DEFAULT_ROOT, "lec2"))
