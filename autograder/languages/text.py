"""Every sentence the autograder shows a person, in one place for translation.

English is here and is the default; the Japanese catalogue, autograder/languages/text_ja.py, has exactly the
same names, each with the same kind of value and the same format fields.

The language flows one way. Each entry point chooses it once, before anything is said: `use`
in python -m autograder (cli.py: --lang, else the course's), `use_course` in nbgrader's own
processes (formgrader, `nbgrader autograde`, `generate_feedback`, `collect`: the course's
c.Course.language). Below an entry point no function takes a language: every call site reads
`text.NAME` when it speaks, and `text.language()` where the language picks data (the edition to
release, the words of the known mistakes, the assignment's message catalogue). It crosses to
another process as data: to the student's kernel in each call's request, to nbgrader as
c.Course.language (course.Course.api, return_feedback.py). So no module may bind a sentence at
import (no `from autograder.languages.text import NAME`, no default argument or module constant
made of one). Code that must speak another language for a while (a test) says
`with text.speaking("ja"):`, which gives the language back when it ends.

A count goes into a sentence through counted(n, NOUN), where NOUN holds the phrase's two forms,
each with the number as {n}: English says "1 test" and "2 tests", Japanese 「テスト 3 件」 in both.
Sentences with a count avoid verbs that agree with it. The sentences of testcell.py, which runs in
the student's kernel and imports nothing of autograder/, live in testcell.py; they are listed at
the end of this file.
"""
import importlib
from contextlib import contextmanager

_language = "en"  # of LANGUAGES, at the end of this file


def counted(n, noun):
    """'1 test', '2 tests', '1.5 points', 'テスト 3 件': `noun` is (one, many), each with {n}."""
    one, many = noun
    return (one if n == 1 else many).format(n=f"{n:g}")


def how_late(hours):
    """'30.0 hours', '12 minutes', 'less than a minute': a few minutes late never reads '0.0 hours'."""
    if hours >= 1:
        return HOURS[1].format(n=f"{hours:.1f}")
    minutes = int(hours * 60)
    return counted(minutes, MINUTES) if minutes >= 1 else LESS_THAN_A_MINUTE


def language():
    """The language this process speaks: "en" or "ja"."""
    return _language


def use(language):
    """Speak `language` ("en" or "ja") from now on: every NAME of this module takes its value from
    that language's catalogue."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"no catalogue for language {language!r}; the known ones: {', '.join(LANGUAGES)}")
    catalogue = _ENGLISH if language == "en" else vars(importlib.import_module(f"autograder.languages.text_{language}"))
    globals().update({name: catalogue[name] for name in NAMES})
    _language = language


@contextmanager
def speaking(language):
    """Speak `language` inside the with-block, then the language spoken before."""
    before = _language
    use(language)
    try:
        yield
    finally:
        use(before)


def english(name):
    """The English of catalogue entry `name`, whatever the language chosen."""
    return _ENGLISH[name]


def use_course(config):
    """The entry point of nbgrader's own processes (formgrader, `nbgrader autograde`,
    `generate_feedback`, `collect`): speak the c.Course.language of their `config`. Where
    python -m autograder calls nbgrader, that config carries the language it speaks."""
    use(config.Course.get("language", "en"))


TESTS = ("{n} test", "{n} tests")
HIDDEN_TESTS = ("{n} hidden test", "{n} hidden tests")
WRITTEN_ANSWERS = ("{n} written answer", "{n} written answers")
POINTS = ("{n} point", "{n} points")
STUDENTS = ("{n} student", "{n} students")
HOURS = ("{n} hour", "{n} hours")
MINUTES = ("{n} minute", "{n} minutes")
LESS_THAN_A_MINUTE = "less than a minute"
SUBMISSIONS = ("{n} submission", "{n} submissions")
JOBS = ("{n} job", "{n} jobs")
HAND_GRADES = ("{n} hand grade", "{n} hand grades")
CELLS = ("{n} cell", "{n} cells")
EARLIER_ONES = ("{n} earlier one was", "{n} earlier ones were")
NOT_WRITTEN = "NotImplementedError: the answer cell above is not written yet"
BAD_STUDENT_ID = "folder name {student!r} is not a usable student id (letters, digits, _ . @ - only)"
FEEDBACK_FAILED = "graded, but the feedback page could not be made: {reason}"
MANUAL = "graded by hand by your instructor"
BY_HAND = "graded by hand in formgrader (no comment)"
HIDDEN_AT_GRADING = "hidden test: runs when your work is graded"
CHECK_SUMMARY = ("{passed}/{total} visible tests passed ({points:g}/{max_points:g} points); "
                 "graded later: {hidden} ({hidden_points}) and {manual} ({manual_points}).")
CHECK_NEW_INPUTS = ("At grading, the course's grader judges {tests} again on random inputs you have not seen: "
                    "code that fits only the inputs here earns nothing there.")
EVERY_VISIBLE_TEST = "every visible test"
THESE_VISIBLE_TESTS = "these visible tests ({names})"
GRADED_SUMMARY = "graded {graded} of {total} in {seconds:.1f} s ({per:.2f} s each, {jobs})"
OUTPUTS = "grades: {grades}\ntests: {tests}\nfeedback: {feedback}\nclass report: {report}"
REPORT_TITLE = "Class report: {assignment}"
REPORT_SUMMARY = "{graded} of {total} graded; mean score {mean:.1f} of {max_score:g}, median {median:.1f}."
REPORT_HAND = "Scores include {given} from formgrader; waiting for hand grading: {waiting} ({names})."
REPORT_HISTOGRAM = "Scores"
REPORT_SCORE_AXIS = "score (of {max_score:g})"
REPORT_STUDENTS_AXIS = "students"
REPORT_PASS_RATE = "Pass rate of every test"
REPORT_PASS_AXIS = "share of graded submissions that passed"
REPORT_NOT_GRADED = "Submissions that could not be graded"
REPORT_TEST_TABLE = "Tests"
REPORT_MISTAKES = "Common mistakes"
REPORT_MISTAKES_INTRO = ("Failed tests whose result is exactly what a known mistake gives, by mistake, "
                         "the most frequent first; each student with the points the mistake cost them.")
REPORT_MISTAKES_HEAD = ("mistake", "students", "who (points lost)")
REPORT_MISTAKE_WHO = "{student} ({points:g})"
REPORT_NO_MISTAKES = "No failed test was exactly what a known mistake gives."
REPORT_COURSE = "The course so far: every assignment in the gradebook"
REPORT_COURSE_INTRO = ("Each student's score in each assignment, as formgrader and the LMS export have it: hand grades "
                       "included, less the late penalty; - where nothing was submitted.")
REPORT_COURSE_HEAD = ("student", "total")
CHECK_RUNNING = "Running {path} as the grader will (this takes a few seconds) ..."
CHECK_LINE = "  [{mark}] {test} ({points:g} pt): {message}"
CHECK_PASSED_MARK, CHECK_FAILED_MARK, CHECK_LATER_MARK = "pass", "FAIL", " .. "
CHECK_PASSED = "passed"
VALIDATE_FAILED = "[{mark}] {test} ({points:g} pt)"  # nbgrader's Validate shows the test's message below
UNANSWERED = "not answered: the cell is as it was released"
NOT_RECORDED = "this test did not run: no result of your code was recorded"
CELL_FAILED = "code cell {cell}{name} raised {error}"
RAISED = "your code raised {error}"
RAISED_SENTENCE = "your code raised {error}"  # when {error} is a sentence of its own (testcell.describe_error)
REPLY_TOO_LONG = "its result is larger than {mb} MB, more than the grader reads"
NOT_THE_NOTEBOOKS = "a test may pass only the notebook's own functions to them, not {function}"
REPLY_NOT_PLAIN = "{function} returned something that is not plain data ({reason})"
UNJUDGEABLE = "your code's result could not be checked ({error}); look at its shape and type"
KNOWN_MISTAKE = "Your result is exactly what a known mistake in {function} gives: {mistake}."
SENTENCE_BREAK = ". "  # between a test's message and KNOWN_MISTAKE
DID_NOT_RUN = "this test did not run: {reason}"
ANSWER_FAILED = "the answer cell {grade_id} raised {error}; the tests of what it defines fail with it"
TEST_FAILED = "TestFailed"
NOTES_TITLE = "Notes from the grader"
SANDBOX_WARNING = "WARNING: {warning}"
INTERNAL_ERROR = "the grader failed on this submission ({error}); the others were graded. Please report this."
CANARY_FAILED = ("nobody was graded: the course's own solution ({notebook}), graded as a submission of "
                 "{assignment} under the same conditions, did not earn every automatic point. The grading "
                 "itself is broken here, not the students' work:\n{problems}")
CANARY_TEST = "{tests} failed: {message}"
CANARY_MODULE = ("the kernel could not import {name}, which the grader's own Python imports from {where}; "
                 "the sandbox shows the kernel only the Python installation and the modules copied for it")
CANARY_MODULE_NOWHERE = "the kernel could not import {name}, and neither can the grader's Python ({python}): install it"
# ---------------------------------------------------------------- a grading run's arguments (grade.py)
UNKNOWN_ASSIGNMENT = "no assignment {assignment!r} in {root}/source; the known ones: {known}"
BAD_JOBS = "--jobs must be 1 or more, not {jobs}"
NO_SUBMISSIONS_FOLDER = "no such folder: {folder}"
NO_SUBMISSIONS = ("no submissions in {folder}: it should hold a folder per student ({folder}/<student>/{assignment}.ipynb, "
                  "or {folder}/<student>/{assignment}/{assignment}.ipynb as nbgrader's submitted/ has it), or only "
                  "notebooks named after the students ({folder}/<student>.ipynb)")
OUT_IS_FILE = "--out {out} is a file, not a folder"
OUT_HOLDS_SUBMISSIONS = "--out {out} is or holds the submissions folder; give a folder of its own"
OUT_NOT_OURS = "--out {out} holds files that are not the results of a grading run; give a new or empty folder"
OUT_UNWRITABLE = "--out {out} cannot be written: {error}"
SKIPPED = "not students, skipped: {names}"
SKIPPED_HIDDEN = "hidden or left by a tool"
SKIPPED_OUT = "grading results"
SKIPPED_LOOSE = "a notebook beside the student folders"
NOT_HANDED_IN = "handed in no {assignment}, only other assignments (not graded): {names}"
MOVED_ASIDE = "the results of an earlier run in {out} were moved to {aside}"
FORGED_SUBMISSION = ("REFUSED {folder}: it says it was submitted by {student}, but it is owned by {owners}; "
                     "it was not collected, and {student}'s own submissions were collected as usual")
NO_COURSE_ID = "no course id: run it again with --course"
NO_INBOUND = "the course's inbound folder is not there: {folder}"
INBOUND_UNREADABLE = "you may not read the course's inbound folder: {folder}"
UNSAFE_SUBMISSION = ("REFUSED {folder}: collect never follows or copies what is in it ({what}); it was not "
                     "collected, and {student}'s other submissions were collected as usual")
UNREADABLE_SUBMISSION_NAME = ("REFUSED {folder}: its name is not <student>+<assignment>+<time>+<random> as "
                              "nbgrader's submit makes it ({error}); it was not collected")
KIND_LINK = "a symbolic link"
KIND_FIFO = "a named pipe"
KIND_DEVICE = "a device"
KIND_SOCKET = "a socket"
KIND_OTHER = "neither a file nor a folder"
KIND_NOT_OWNED = "owned by {owner}"
FILE_TOO_LARGE = "left out {path}: over {limit} bytes (c.CourseDirectory.max_file_size)"
FEEDBACK_NOT_RELEASED = "NOT RELEASED {student}: their feedback could not be released ({reason})"
FEEDBACK_SOME_NOT_MADE = ("nbgrader generate_feedback could not make every page; the others were made and "
                          "released:\n{output}")
RELEASE_REFUSED = ("REFUSED to release {assignment}: release/{assignment} holds the instructor's material, as "
                   "nbgrader generate_assignment (formgrader's Generate) makes it:\n  {leaks}\n"
                   "Make the release with: python -m autograder release {assignment} --course {root}")
FEEDBACK_STEP_FAILED = "nbgrader {step} failed; nothing more was done:\n{output}"
FEEDBACK_RELEASED = "feedback released: {student} {score:g} of {max_score:g}{waiting}"
FEEDBACK_WAITING = " (written answer not yet graded by hand)"
FEEDBACK_PROVISIONAL = ("**Provisional total.** Waiting for hand grading: {cells}. Until graded by hand, "
                        "each counts 0 in the total above.")
FEEDBACK_WAITING_CELL = "*{grade_id} ({points}) waits for hand grading: its score of 0 above is not a grade yet.*"
# nbgrader's own words on the feedback page, as its template (and ours, over it) writes them (text_ja.py: theirs in
# Japanese); the list at the top is ours, FEEDBACK_TOC_*
FEEDBACK_PAGE = (
    '">Late submission penalty (Score: ',
    ' (Score: ',
    '">Task</a>',
    '">Comment</a>',
    '      Score: ',
    '<a href="#top">(Top)</a>',
    ">Student's answer</span>",
    ">Student's task</span>",
    '>Grade cell: <code>',
    '>Task: <code>',
    '<b>Comments:</b>',
)
# the feedback page's list of graded cells at its top: each cell's name, score and first sentence
FEEDBACK_TOC_SCORE = "{score:g} / {points}"
FEEDBACK_TOC_PASSED = "passed"
FEEDBACK_TOC_WAITING = "waits for hand grading"
FEEDBACK_TOC_SEE_CELL = "see the cell below"
LATE_NOTE = "submitted {late} after the due date (by the exchange's clock); late penalty: {penalty:g} points"
REPORT_LATE = "Submitted after the due date: {names}."
REPORT_LATE_ONE = "{student} ({late} late, penalty {penalty:g})"
COLLECTED_LATE = ("LATE {student}: the submission collected came {late} after the due date "
                  "({on_time} on time; c.ExchangeCollect.before_duedate = True takes the last on-time one)")
EXPORT_NO_ASSIGNMENTS = "the gradebook has no assignment yet: release and grade one first"
EXPORT_FEEDBACK_COLUMN = "{assignment} feedback"
HELP_EXPORT_ASSIGNMENTS = "the assignments to export, one column each (default: every assignment of the gradebook)"
EXPORT_NO_SUBMISSION = "no submission"
EXPORT_WAITING = "written answer not yet graded by hand: the score may still rise"
EXPORT_LATE = "{late} late, penalty {penalty:g} points"
EXPORT_NO_ASSIGNMENT = "the gradebook has no assignment {assignment!r}: release and grade it first"
EXPORT_WRITTEN = "wrote {path} ({fmt}, {students}; {assignments})"
EXPORT_STILL_WAITING = "{assignment}: waiting for hand grading (their written answer counts 0 so far): {students}: {names}"
ROSTER_LINE = "{path}, line {number}: {problem}"
ROSTER_FORMAT = ('not "<instructor|student> <user> [first name] [last name] [email]" '
                 '(quote a name with a space: "Mary Ann")')
ROSTER_ENROLLED = "{students} of {roster} now in the gradebook of {course}, with their names"
LINKED_FOLDER = "the submission folder {student!r} is a symbolic link; it was not read"

# ---------------------------------------------------------------- submissions read and repaired (normalize.py)
# reading a file
EMPTY = "{name} is empty"
TOO_BIG = ("{name} is {size:.0f} MB, too large to grade (the limit is {limit:.0f} MB); "
           "clear the outputs (Kernel → Restart Kernel and Clear All Outputs), save and hand it in again")
NOT_JSON = "{name} is not a notebook: it is not JSON (line {line}, column {column}: {error})"
HTML = ("{name} is not a notebook: it is a web page (HTML), probably saved from the browser; "
        "download the notebook itself with File → Download")
NOT_NOTEBOOK = "{name} is not a notebook: it is JSON, but has no list of cells"
UNREADABLE = "{name} could not be read: {error}"
ENCODING = "{name} is not saved as UTF-8; it was read as {encoding}"
UPGRADED = "{name} is in the old notebook format {version}; it was converted to format 4"
DAMAGED = "{name} does not follow the notebook format ({error}); its cells were read as they are"
UNKNOWN_VERSION = "it gives no known format version: {version!r}"
CELLS_LEFT_OUT = "{name}: {cells} could not be read and were left out"
# finding the notebook
NO_NOTEBOOK = "no {expected} found in the submission folder"
RENAMED = "{found} was graded as {expected} (the notebook had been renamed or moved)"
LINK_IGNORED = "{name} is a symbolic link, not a notebook file; it was not read"
OTHERS_IGNORED = ("{graded} was graded; these other notebooks in the submission folder were ignored: {names} "
                  "(the rule: the notebook named {expected}, else the newest)")
# rebuilding it
UNREADABLE_GRADED = "so it was graded as released, with every answer unanswered"
NO_SUBMISSION = "no notebook was handed in; it was graded as released, with every answer unanswered"
FIXED_COPIES = "the cell {grade_id} appeared {count} times; only the first was kept, the copies were left out"
FIXED_EDITED = "the cell {grade_id} had been changed; the version from the assignment was run instead"
SETTINGS_EDITED = "the grading settings of {grade_id} had been changed; the assignment's settings were used"
TEST_RESTORED = "test cell {grade_id} was missing and was restored from the assignment; it costs you nothing"
CELL_RESTORED = "the cell {grade_id} was missing and was restored from the assignment"
ANSWER_COPIES = ("the answer cell {grade_id} appeared {count} times; all copies ran in their order "
                 "and the last one was graded as your answer")
ANSWER_TYPE = "the answer cell {grade_id} had been turned into a {was} cell; it was run as {now} anyway"
ANSWER_MATCHED = ("the answer cell {grade_id} had lost its grading settings; {cell}, which defines {names}, "
                  "was taken as your answer")
ANSWER_MISSING = "the answer cell {grade_id} was not found; it was graded as unanswered"
ANSWER_MISSING_DEFINED = ("the answer cell {grade_id} was not found; it was graded as unanswered, "
                          "but your own definitions of {names} in other cells were still used by the tests")
MALFORMED = "{cell} has broken grading settings ({problem}); it was run as an ordinary cell"
UNKNOWN_ID = "{cell} is marked as {grade_id!r}, which this assignment does not have; it was run as an ordinary cell"
CELL = 'cell {number} ("{start}")'
NOT_A_DICT = "they are not a set of fields"
NO_GRADE_ID = "no grade_id"
NOT_A_FLAG = "'{key}' is not true or false"
POINTS_NOT_NUMBER = "'points' is not a number"

# ---------------------------------------------------------------- running student code (sandbox.py)
CELL_TOO_LONG = "code cell {cell} ran longer than {seconds:g} s and was stopped"
RUN_TOO_LONG = "the whole run took longer than {seconds:g} s and was stopped"
DIED = "the Python process died in code cell {cell} ({why})"
WHY_EXIT = "exit code {code}: os._exit?"
WHY_SIGNAL = "{name}: a crash in compiled code?"
WHY_KILLED = "SIGKILL: out of memory? the limit is {gb:.1f} GB"
WHY_SILENT = "it closed the grader's channel"
NOT_STARTED = "the Python process could not start (exit code {code}): {output}"
OUTPUT_CUT = "\n[... {cut:,} more bytes of output were not kept]"
OUTPUT_LINES_CUT = "[... {cut:,} more lines of output were not kept]"
NO_SANDBOX = "NO SANDBOX: {reason}; student code ran with the grader's permissions, unisolated"
NO_BWRAP = "bwrap is not installed (run deploy/install_sandbox.sh as root)"
BWRAP_FAILS = "bwrap is installed but does not work here ({error})"
WHY_OUT_OF_MEMORY = "out of memory: its processes together reached the limit of {gb:.1f} GB"

# ---------------------------------------------------------------- the limits of a run (sandbox.py, cgroup.py)
LIMITS = ("limits of each submission: {cell:g} s a cell, {total:g} s in all, {processes} processes, "
          "{gb:.1f} GB of memory {scope}")
LIMITS_TOGETHER = "for all its processes together (a control group)"
LIMITS_EACH = "for each process on its own ({reason})"
WHY_SIGKILL = "SIGKILL, neither from the grader nor for want of memory"
CGROUP_NOT_ROOT = "no control group: only root may make one"
CGROUP_NONE = "no control group: no writable memory and pids controllers were found"
CGROUP_FAILS = "no control group: making one failed ({error})"

# ---------------------------------------------------------------- the command line (cli.py)
HELP_DESCRIPTION = "Release an assignment, grade a class, return feedback, export grades, self-check a notebook."
HELP_COURSE = "nbgrader course root (default: {default})"
HELP_LANG = ("the language of every message, feedback page and report: en or ja (default: the course's "
             "c.Course.language; for check, the notebook's edition)")
HELP_RELEASE = "generate the student version and check it leaks nothing"
HELP_GRADE = "autograde a folder of submissions and write grades, feedback and a report"
HELP_GRADE_EPILOG = ("exit status: 0 all graded; 1 some folder could not be graded; 2 bad arguments "
                     "(nothing done); 3 the course's own solution lost points (nobody graded)")
HELP_SUBMISSIONS = ("folder with <student>/<assignment>.ipynb or <student>/<assignment>/<assignment>.ipynb, "
                    "or only notebooks named <student>.ipynb")
HELP_GRADE_OUT = "where results go (default: grading_output)"
HELP_JOBS = "submissions graded in parallel (default: {default})"
HELP_SECONDS = "a cell of student code running longer is stopped (default: {default:g})"
HELP_REQUIRE_SANDBOX = "refuse to grade where student code cannot run in a sandbox"
HELP_FEEDBACK = "after (hand) grading: regenerate every student's feedback and release it"
HELP_EXCHANGE = "nbgrader's exchange folder (default: from nbgrader's configuration)"
HELP_EXPORT = "grades from the gradebook (hand grades and lateness included) for an LMS"
HELP_FORMAT = "Moodle's or Canvas's gradebook import, or every column (default: csv)"
HELP_EXPORT_OUT = "the file to write (default: <assignment>_<format>.csv, grades_<format>.csv for several)"
HELP_ROSTER = "put the roster's students, with their names, into the gradebook"
HELP_ROSTER_FILE = 'lines "<instructor|student> <user> [first] [last] [email]"'
HELP_CHECK = "self-check a notebook: run it as the grader does, list the visible tests"
HELP_NOTEBOOK = "the notebook to check"
HELP_DEMO = "release, grade a demo class of typical mistakes, print the table"
HELP_DEMO_OUT = "where the demo's course, class and results go (default: demo_output)"
HELP_REFERENCE = "regenerate an assignment's reference data from its source notebook (its ref/reference.py says what they are)"
HELP_DEMO_ASSIGNMENT = "the assignment whose demo class is graded (default: the course's c.Course.demo_assignment)"
NO_REFERENCE_RECIPE = "{assignment} has no reference data to make: {path} does not exist. Nothing was written."
RELEASED = "released {assignment} to {path}; leak check passed"
NO_SANDBOX_REFUSED = "no sandbox: {reason}"
NO_SUCH_NOTEBOOK = "no such notebook: {path}"
REFERENCE_WRITTEN = "wrote {path}"

# ---------------------------------------------------------------- releasing (release.py)
GENERATE_FAILED = "nbgrader generate_assignment failed:\n{log}"
NO_EDITION = "no {language} edition of {assignment}: {path} does not exist"
LEAKS = "THE RELEASE LEAKS INSTRUCTOR MATERIAL; do not hand it out:\n  {leaks}"
LEAK_FILE = "instructor file in the release: {path}"
LEAK_MARKER = "marker '{marker}' in the released notebook"
LEAK_LINE = "solution or hidden-test line in the release: {line!r}"

# ---------------------------------------------------------------- the instructor's own files and the grader's faults
CHECK_CALLS = "test cell {grade_id} called check() {calls} times; expected once"
CATALOGUE_SAME_NAME = "{path}: two mistakes share a name"
CATALOGUE_UNKNOWN_DEMO = "{path}: DEMO names mistakes that are not in MISTAKES: {names}"
CATALOGUE_NO_WORDS_FILE = "{path} does not exist: it must give the words of every known mistake: {names}"
CATALOGUE_WORDS_MISSING = "{path} gives no words for these known mistakes: {names}"
CATALOGUE_WORDS_EXTRA = "{path} gives words for mistakes that are not in the catalogue: {names}"
CATALOGUE_EDIT = "edit {old!r} occurs {count} times in cell {grade_id}; expected once"
NOT_IN_AUTOGRADE = "GradeOutsideTheKernel runs only inside nbgrader's Autograde"
CGROUP_VANISHED = "{folder} vanished ten times while a group was made in it"
PROGRESS = "grading [{bar}] {done}/{total} {seconds:5.1f} s"
UNKNOWN_ERROR = "unknown error"
NO_OUTPUT = "no output"
EXIT_CODE = "exit code {code}"

# ---------------------------------------------------------------- the demo (demo.py)
DEMO_SOLUTION = "none: the reference solution"
DEMO_BLANK = "nothing written"
DEMO_COLUMNS = ("student", "score", "by hand", "mistake, and the tests it failed")
DEMO_FAILED = "failed: {tests}"
DEMO_FAILED_NONE = "none"
DEMO_BY_HAND = "'by hand': points of written answers that wait for the instructor in formgrader."
DEMO_RELEASED = "released {assignment}: {path} (leak check passed)"
DEMO_FINISHED = "demo finished in {seconds:.1f} s; open {report}"

# ---------------------------------------------------------------- in the student's kernel (testcell.py)
# testcell.py runs where autograder/ cannot be imported, so its sentences stand at its top:
# HIDDEN_ELSEWHERE, TEST_PASSED, TEST_FAILED_LINE, POINTS_OF and points_phrase() (its own plural),
# RAISED_IN, RETURNED_BY, CALLED_BY, TEST_CALL, NOT_WRITTEN_YET, AN_ANSWER, NOT_PLAIN.


# The names of the catalogue (text_ja.py has the same ones), and English, to go back to.
NAMES = tuple(name for name in list(globals()) if name.isupper() and not name.startswith("_"))
_ENGLISH = {name: globals()[name] for name in NAMES}

# The languages with a catalogue, English first: the original every other edition translates.
# Not a sentence, so defined after NAMES.
LANGUAGES = ("en", "ja")
