"""The roster's names reach nbgrader's gradebook, which formgrader lists; a bad line is named and changes nothing."""
from nbgrader.api import Gradebook

from autograder.cli import main

ROSTER = """# the course's people
instructor teacher Tomoko Sensei
student alice "Mary Ann" Abe alice@example.org
student bob Bob Baba
student carol
"""


def students(course):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.id: (s.first_name, s.last_name, s.email) for s in gb.students}


def test_roster_names_go_into_the_gradebook(course, tmp_path, capsys):
    roster = tmp_path / "roster"
    roster.write_text(ROSTER)
    assert main(["roster", str(roster), "--course", str(course)]) == 0
    assert students(course) == {"alice": ("Mary Ann", "Abe", "alice@example.org"),
                                "bob": ("Bob", "Baba", None), "carol": (None, None, None)}
    assert "3 students" in capsys.readouterr().out

    roster.write_text(ROSTER.replace("student bob Bob Baba", "student bob Bob Baba bob@x extra"))
    assert main(["roster", str(roster), "--course", str(course)]) == 2
    assert "line 4: not \"<instructor|student> <user>" in capsys.readouterr().err
    assert students(course)["bob"] == ("Bob", "Baba", None)  # nothing was changed
