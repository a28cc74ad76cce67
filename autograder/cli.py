"""python -m autograder: release, grade, feedback, export, roster, check, demo, reference."""
import argparse
import sys
from pathlib import Path

from autograder.languages import text
from autograder.course import DEFAULT_ROOT, Course
from autograder.kernel.sandbox import Limits


def parser():
    """The command line, its help in the language chosen (text.use) before it is built."""
    p = argparse.ArgumentParser(prog="python -m autograder", description=text.HELP_DESCRIPTION)
    sub = p.add_subparsers(dest="command", required=True)

    def course_arg(sp):
        sp.add_argument("--course", type=Path, default=DEFAULT_ROOT, help=text.HELP_COURSE.format(default=DEFAULT_ROOT))

    def add(name, help, **kwargs):
        sp = sub.add_parser(name, help=help, description=help, **kwargs)
        sp.add_argument("--lang", choices=text.LANGUAGES, default=None, help=text.HELP_LANG)
        return sp

    sp = add("release", text.HELP_RELEASE)
    sp.add_argument("assignment")
    course_arg(sp)

    sp = add("grade", text.HELP_GRADE, epilog=text.HELP_GRADE_EPILOG)
    sp.add_argument("assignment")
    sp.add_argument("--submissions", type=Path, required=True, help=text.HELP_SUBMISSIONS)
    sp.add_argument("--out", type=Path, default=Path("grading_output"), help=text.HELP_GRADE_OUT)
    sp.add_argument("--jobs", type=int, default=1, help=text.HELP_JOBS.format(default=1))
    sp.add_argument("--seconds-per-cell", type=float, default=Limits.seconds_per_cell,
                    help=text.HELP_SECONDS.format(default=Limits.seconds_per_cell))
    sp.add_argument("--require-sandbox", action="store_true", help=text.HELP_REQUIRE_SANDBOX)
    course_arg(sp)

    sp = add("feedback", text.HELP_FEEDBACK)
    sp.add_argument("assignment")
    sp.add_argument("--exchange", type=Path, default=None, help=text.HELP_EXCHANGE)
    course_arg(sp)

    sp = add("export", text.HELP_EXPORT)
    sp.add_argument("assignments", nargs="*", metavar="assignment", help=text.HELP_EXPORT_ASSIGNMENTS)
    sp.add_argument("--format", choices=("moodle", "canvas", "csv"), default="csv", help=text.HELP_FORMAT)
    sp.add_argument("--out", type=Path, default=None, help=text.HELP_EXPORT_OUT)
    course_arg(sp)

    sp = add("roster", text.HELP_ROSTER)
    sp.add_argument("roster", type=Path, help=text.HELP_ROSTER_FILE)
    course_arg(sp)

    sp = add("check", text.HELP_CHECK)
    sp.add_argument("notebook", type=Path, help=text.HELP_NOTEBOOK)

    sp = add("demo", text.HELP_DEMO)
    sp.add_argument("--assignment", default=None, help=text.HELP_DEMO_ASSIGNMENT)
    sp.add_argument("--out", type=Path, default=Path("demo_output"), help=text.HELP_DEMO_OUT)
    sp.add_argument("--jobs", type=int, default=2, help=text.HELP_JOBS.format(default=2))

    sp = add("reference", text.HELP_REFERENCE)
    sp.add_argument("assignment")
    course_arg(sp)
    return p



def language(argv):
    """The language of this run, chosen here and nowhere else: --lang if given; else for `check` the
    notebook's edition (its metadata "edition", "en" if none); else the course's c.Course.language
    (for `demo`, of the course it copies). Read from the arguments before they are parsed, so that
    --help and argparse's complaints are in that language too."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=text.LANGUAGES, default=None)
    early.add_argument("--course", type=Path, default=DEFAULT_ROOT)
    early.add_argument("words", nargs="*")
    try:
        known, _ = early.parse_known_args(argv)
    except SystemExit:  # a malformed --lang or --course: the full parser says so, in English
        return "en"
    if known.lang:
        return known.lang
    if known.words[:1] == ["check"] and len(known.words) > 1:
        return notebook_language(Path(known.words[1]))
    try:
        return Course(known.course).language
    except Exception:  # a broken nbgrader_config.py: the command itself will say what is wrong
        return "en"


def notebook_language(path):
    """The edition of the notebook at `path` ("en" when it has none or cannot be read)."""
    import nbformat

    from autograder.languages.editions import language_of
    try:
        edition = language_of(nbformat.read(path, as_version=4))
    except Exception:  # check itself says why it cannot read the file
        return "en"
    return edition if edition in text.LANGUAGES else "en"


def main(argv=None):
    """Run one command, speaking its language (language()) from its first word to its last."""
    argv = sys.argv[1:] if argv is None else list(argv)
    with text.speaking(language(argv)):
        return command(argv)


def command(argv):
    """The exit status of the command `argv` names: 0 done, 1 done with a failure it names, 2 bad
    arguments, 3 (grade) the solution lost points."""
    args = parser().parse_args(argv)
    course = Course(args.course) if "course" in args else None
    return COMMANDS[args.command](args, course)


def release_command(args, course):
    from autograder.nbgrader_side.release import LeakError, release
    try:
        path = release(course, args.assignment)
    except LeakError as err:
        print(err, file=sys.stderr)
        return 1
    print(text.RELEASED.format(assignment=args.assignment, path=path))
    return 0


def grade_command(args, course):
    from autograder.grading.canary import CanaryFailed
    from autograder.grading.grade import grade
    from autograder.grading.submissions import BadArguments
    from autograder.kernel.mounts import why_no_sandbox
    if args.require_sandbox and why_no_sandbox():
        print(text.NO_SANDBOX_REFUSED.format(reason=why_no_sandbox()), file=sys.stderr)
        return 2
    try:
        subs = grade(course, args.assignment, args.submissions, args.out, jobs=args.jobs,
                     limits=Limits(seconds_per_cell=args.seconds_per_cell), require_sandbox=args.require_sandbox)
    except BadArguments as err:
        print(err, file=sys.stderr)
        return 2
    except CanaryFailed as err:
        print(err, file=sys.stderr)
        return 3
    return 0 if all(s.graded for s in subs) else 1


def feedback_command(args, course):
    from autograder.commands.return_feedback import return_feedback
    return return_feedback(course, args.assignment, args.exchange)


def check_command(args, course):
    from autograder.commands.check import check
    if not args.notebook.is_file():
        print(text.NO_SUCH_NOTEBOOK.format(path=args.notebook), file=sys.stderr)
        return 2
    return check(args.notebook)


def demo_command(args, course):
    from autograder.commands.demo import run
    subs = run(args.out, args.jobs, args.assignment)
    return 0 if all(s.graded for s in subs) else 1


def reference_command(args, course):
    from autograder.commands.reference import generate, recipe_path
    path = generate(course, args.assignment)
    if path is None:
        print(text.NO_REFERENCE_RECIPE.format(assignment=args.assignment, path=recipe_path(course, args.assignment)),
              file=sys.stderr)
        return 1
    print(text.REFERENCE_WRITTEN.format(path=path))
    return 0


def export_command(args, course):
    from autograder.nbgrader_side.export import export
    try:
        path, tables = export(course, args.assignments, args.format, args.out)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    students = len(next(iter(tables.values())))
    print(text.EXPORT_WRITTEN.format(path=path, fmt=args.format, students=text.counted(students, text.STUDENTS),
                                     assignments=", ".join(tables)))
    for assignment, table in tables.items():
        waiting = [row.student for row in table if row.waiting]
        if waiting:
            print(text.EXPORT_STILL_WAITING.format(assignment=assignment, names=", ".join(waiting),
                                                    students=text.counted(len(waiting), text.STUDENTS)), file=sys.stderr)
    return 0


def roster_command(args, course):
    from autograder.commands.roster import enrol
    try:
        count = enrol(course, args.roster)
    except (OSError, ValueError) as err:
        print(err, file=sys.stderr)
        return 2
    print(text.ROSTER_ENROLLED.format(students=text.counted(count, text.STUDENTS), roster=args.roster,
                                      course=args.course))
    return 0


COMMANDS = {"release": release_command, "grade": grade_command, "feedback": feedback_command,
            "export": export_command, "roster": roster_command, "check": check_command,
            "demo": demo_command, "reference": reference_command}
