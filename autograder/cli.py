"""python -m autograder: release, grade, feedback, export, roster, check, demo, reference."""
import argparse
import sys
from pathlib import Path

from autograder.course import DEFAULT_ROOT


def parser():
    p = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def course_arg(sp):
        sp.add_argument("--course", type=Path, default=DEFAULT_ROOT,
                        help=f"nbgrader course root (default: {DEFAULT_ROOT})")

    sp = sub.add_parser("release", help="generate the student version and check it leaks nothing")
    sp.add_argument("assignment")
    course_arg(sp)

    sp = sub.add_parser("grade", help="autograde a folder of submissions and write grades, feedback and a report",
                        epilog="exit status: 0 all graded; 1 some folder could not be graded; 2 bad arguments "
                               "(nothing done); 3 the course's own solution lost points (nobody graded)")
    sp.add_argument("assignment")
    sp.add_argument("--submissions", type=Path, required=True,
                    help="folder with <student>/<assignment>.ipynb or <student>/<assignment>/<assignment>.ipynb, "
                         "or only notebooks named <student>.ipynb")
    sp.add_argument("--out", type=Path, default=Path("grading_output"), help="where results go (default: grading_output)")
    sp.add_argument("--jobs", type=int, default=1, help="submissions graded in parallel (default: 1)")
    sp.add_argument("--seconds-per-cell", type=float, default=60.0,
                    help="a cell of student code running longer is stopped (default: 60)")
    sp.add_argument("--require-sandbox", action="store_true",
                    help="refuse to grade where student code cannot run in a sandbox")
    course_arg(sp)

    sp = sub.add_parser("feedback", help="after (hand) grading: regenerate every student's feedback and release it")
    sp.add_argument("assignment")
    sp.add_argument("--exchange", type=Path, default=None,
                    help="nbgrader's exchange folder (default: from nbgrader's configuration)")
    course_arg(sp)

    sp = sub.add_parser("export", help="grades from the gradebook (hand grades and lateness included) for an LMS")
    sp.add_argument("assignment")
    sp.add_argument("--format", choices=("moodle", "canvas", "csv"), default="csv",
                    help="Moodle's or Canvas's gradebook import, or every column (default: csv)")
    sp.add_argument("--out", type=Path, default=None, help="the file to write (default: <assignment>_<format>.csv)")
    course_arg(sp)

    sp = sub.add_parser("roster", help="put the roster's students, with their names, into the gradebook")
    sp.add_argument("roster", type=Path, help='lines "<instructor|student> <user> [first] [last] [email]"')
    course_arg(sp)

    sp = sub.add_parser("check", help="self-check a notebook: run it as the grader does, list the visible tests")
    sp.add_argument("notebook", type=Path)

    sp = sub.add_parser("demo", help="release, grade a demo class of typical mistakes, print the table")
    sp.add_argument("--out", type=Path, default=Path("demo_output"))
    sp.add_argument("--jobs", type=int, default=2)

    sp = sub.add_parser("reference", help="regenerate the reference data of lec2 from the source notebook")
    course_arg(sp)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    if args.command == "release":
        from autograder.release import LeakError, release
        try:
            path = release(args.course, args.assignment)
        except LeakError as err:
            print(err, file=sys.stderr)
            return 1
        print(f"released {args.assignment} to {path}; leak check passed")
    elif args.command == "grade":
        from autograder.grade import grade
        from autograder.submissions import BadArguments
        from autograder.sandbox import Limits, why_no_sandbox
        if args.require_sandbox and why_no_sandbox():
            print(f"no sandbox: {why_no_sandbox()}", file=sys.stderr)
            return 2
        from autograder.canary import CanaryFailed
        try:
            subs = grade(args.course, args.assignment, args.submissions, args.out, jobs=args.jobs,
                         limits=Limits(seconds_per_cell=args.seconds_per_cell), require_sandbox=args.require_sandbox)
        except BadArguments as err:
            print(err, file=sys.stderr)
            return 2
        except CanaryFailed as err:
            print(err, file=sys.stderr)
            return 3
        return 0 if all(s.graded for s in subs) else 1
    elif args.command == "feedback":
        from autograder.return_feedback import return_feedback
        return return_feedback(args.course, args.assignment, args.exchange)
    elif args.command == "export":
        return export_command(args)
    elif args.command == "roster":
        return roster_command(args)
    elif args.command == "check":
        from autograder.check import check
        if not args.notebook.is_file():
            print(f"no such notebook: {args.notebook}", file=sys.stderr)
            return 2
        return check(args.notebook)
    elif args.command == "demo":
        from autograder.demo import run
        subs = run(args.out, args.jobs)
        return 0 if all(s.graded for s in subs) else 1
    elif args.command == "reference":
        from autograder.reference import generate
        print(f"wrote {generate(args.course)}")
    return 0


def export_command(args):
    from autograder import text
    from autograder.export import export
    try:
        path, table = export(args.course, args.assignment, args.format, args.out)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    print(text.EXPORT_WRITTEN.format(path=path, fmt=args.format, students=text.counted(len(table), text.STUDENTS)))
    waiting = [row.student for row in table if row.waiting]
    if waiting:
        print(text.EXPORT_STILL_WAITING.format(students=text.counted(len(waiting), text.STUDENTS),
                                                names=", ".join(waiting)), file=sys.stderr)
    return 0


def roster_command(args):
    from autograder import text
    from autograder.roster import enrol
    try:
        count = enrol(args.course, args.roster)
    except (OSError, ValueError) as err:
        print(err, file=sys.stderr)
        return 2
    print(text.ROSTER_ENROLLED.format(students=text.counted(count, text.STUDENTS), roster=args.roster,
                                      course=args.course))
    return 0
