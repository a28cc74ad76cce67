"""The assignments of the course that ships with the repository: what the tests of every
assignment are parametrized by. An assignment is a folder of source/ with its notebook; a new one
is tested by the same tests as soon as its folder is there."""
from autograder.course import Course

ASSIGNMENTS = Course().assignments()


def catalogue_in(assignment, language, course=None):
    """The catalogue of `assignment` in `course` (default: the repository's), its words in
    `language`, as a grader speaking it loads it."""
    from autograder.grading.catalogue import load_catalogue
    from autograder.languages import text
    with text.speaking(language):
        return load_catalogue(course or Course(), assignment)
