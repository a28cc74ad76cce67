"""The assignments of the course that ships with the repository: what the tests of every
assignment are parametrized by. An assignment is a folder of source/ with its notebook; a new one
is tested by the same tests as soon as its folder is there."""
from autograder.course import DEFAULT_ROOT, source_notebook

ASSIGNMENTS = sorted(p.name for p in (DEFAULT_ROOT / "source").iterdir()
                     if p.is_dir() and source_notebook(DEFAULT_ROOT, p.name).is_file())
