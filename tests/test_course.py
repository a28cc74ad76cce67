"""The Course: one place that knows where a course's files are and how it is set up."""
from pathlib import Path

from nbgrader.coursedir import CourseDirectory

from autograder.course import DEFAULT_ROOT, Course, load_config


def test_the_paths_are_nbgraders_own(course):
    """Every path the grader builds is the one nbgrader's CourseDirectory gives for the same course."""
    ours, theirs = Course(course), CourseDirectory(config=load_config(course))
    assert ours.root == Path(theirs.root)
    assert ours.source_folder("lec2") == Path(theirs.format_path(theirs.source_directory, ".", "lec2"))
    assert ours.release_notebook("lec2").parent == Path(theirs.format_path(theirs.release_directory, ".", "lec2"))
    assert ours.autograded_folder("alice", "lec2") == Path(theirs.format_path(theirs.autograded_directory, "alice", "lec2"))
    assert ours.feedback_page("alice", "lec2").parent == Path(theirs.format_path(theirs.feedback_directory, "alice", "lec2"))
    assert ours.db_url == theirs.db_url


def test_the_settings_come_from_the_courses_config(course):
    default = Course(course)
    assert (default.language, default.demo_assignment) == ("en", "lec2")
    assert default.assignments() == Course().assignments() == ["lec1", "lec2", "lec3"]
    assert default.edition_notebook("lec2") == default.source_notebook("lec2")
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text().replace('c.Course.language = "en"', 'c.Course.language = "ja"')
                      + '\nc.CourseDirectory.db_url = "postgresql://grader@localhost/course"'
                      + '\nc.Exchange.root = "/srv/exchange"\nc.Course.demo_assignment = "lec3"\n')
    configured = Course(course)
    assert (configured.language, configured.db_url, configured.exchange, configured.demo_assignment) == \
        ("ja", "postgresql://grader@localhost/course", Path("/srv/exchange"), "lec3")
    assert configured.edition_notebook("lec2") == course / "source" / "lec2" / "ja" / "lec2.ipynb"
    assert default.language == "en"  # a Course reads the config once, when it is made


def test_a_folder_without_source_has_no_assignments(tmp_path):
    assert Course(tmp_path).assignments() == []
    assert Course(tmp_path).db_url == f"sqlite:///{tmp_path.resolve() / 'gradebook.db'}"
    assert Course() == Course(DEFAULT_ROOT) != Course(tmp_path)


def test_the_grading_secret_is_made_once_and_kept_private(tmp_path):
    first = Course(tmp_path).grading_secret()
    assert first.isdigit() and Course(tmp_path).grading_secret() == first
    assert (tmp_path / ".grading_secret").stat().st_mode & 0o077 == 0
