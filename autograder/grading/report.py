"""The class report: score histogram and pass rate of every test, as PNG and one HTML page."""
import html
from pathlib import Path

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")  # files only; no display on a grading server
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import plotfonts  # noqa: E402  (the repository's: IPAexGothic behind DejaVu Sans, for Japanese labels)
from autograder import outcomes
from autograder.languages import text  # noqa: E402


def pass_rates(subs, written):
    """{test: (passed, graded)} of every autograded test, in notebook order;
    `written` answers are graded by hand and left out."""
    rates = {}
    for sub in subs:
        for row in sub.tests:
            if row.test not in written:
                passed, graded = rates.get(row.test, (0, 0))
                rates[row.test] = (passed + (row.status == outcomes.PASSED), graded + 1)
    return rates


def hand_grading(subs):
    """(hand grades given, students who still wait for one) over the graded submissions."""
    given = sum(1 for s in subs for row in s.tests if row.status == outcomes.BY_HAND)
    waiting = [s.student for s in subs if any(row.status == outcomes.MANUAL for row in s.tests)]
    return given, waiting


def common_mistakes(subs):
    """[(mistake, [(student, points lost)])] over the graded submissions, the most frequent mistake
    first: what an instructor teaches again. A mistake costs a student the points of every failed
    test whose result is exactly what that mistake gives (diagnose.py)."""
    found = {}
    for sub in subs:
        lost = {}
        for row in sub.tests:
            words = sub.mistakes.get(row.test)
            if words and row.status == outcomes.FAILED:
                lost[words] = lost.get(words, 0) + row.max_points - row.points
        for words, points in lost.items():
            found.setdefault(words, []).append((sub.student, points))
    return sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))


def mistakes_section(subs):
    """The report's "Common mistakes": a table, or one sentence when no mistake was diagnosed."""
    found = common_mistakes(subs)
    if not found:
        return f"<p>{html.escape(text.REPORT_NO_MISTAKES)}</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in text.REPORT_MISTAKES_HEAD)
    rows = "".join(
        f"<tr><td>{html.escape(words)}</td><td>{len(who)}</td><td>"
        + html.escape(", ".join(text.REPORT_MISTAKE_WHO.format(student=s, points=p) for s, p in who))
        + "</td></tr>" for words, who in found)
    return f"<p>{html.escape(text.REPORT_MISTAKES_INTRO)}</p><table class=\"mistakes\"><tr>{head}</tr>{rows}</table>"


def plot_histogram(scores, max_score, path):
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist(scores, bins=np.linspace(0, max_score, 12), color="#4c72b0", edgecolor="white")
    ax.set_title(text.REPORT_HISTOGRAM)
    ax.set_xlabel(text.REPORT_SCORE_AXIS.format(max_score=max_score))
    ax.set_ylabel(text.REPORT_STUDENTS_AXIS)
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_pass_rates(rates, path):
    tests = list(rates)
    shares = [p / g if g else 0 for p, g in rates.values()]
    fig, ax = plt.subplots(figsize=(6, 0.28 * len(tests) + 1.2))
    ax.barh(tests[::-1], shares[::-1], color="#55a868")
    ax.set_xlim(0, 1)
    ax.set_title(text.REPORT_PASS_RATE)
    ax.set_xlabel(text.REPORT_PASS_AXIS)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def hand_line(subs):
    given, waiting = hand_grading(subs)
    return text.REPORT_HAND.format(given=text.counted(given, text.HAND_GRADES),
                                   waiting=text.counted(len(waiting), text.STUDENTS), names=", ".join(waiting) or "-")


def late_line(subs):
    late = [text.REPORT_LATE_ONE.format(student=s.student, late=text.how_late(s.late.hours), penalty=s.late.penalty)
            for s in subs if s.late.seconds > 0]
    return text.REPORT_LATE.format(names=", ".join(late)) if late else ""


def course_section(tables):
    """Every assignment of the course, a column each, and each student's total: `tables` is
    export.rows of each assignment ({assignment: [Row]}, every student in the same order), so that
    the report's numbers are the export's and formgrader's."""
    if not tables:
        return ""
    student, total = text.REPORT_COURSE_HEAD
    head = "".join(f"<th>{html.escape(a)} ({rows[0].max_score:g})</th>" if rows else f"<th>{html.escape(a)}</th>"
                   for a, rows in tables.items())
    max_total = sum(rows[0].max_score for rows in tables.values() if rows)
    body = ""
    for mine in zip(*tables.values()):
        cells = "".join(f"<td>{r.score:g}</td>" if r.submitted else "<td>-</td>" for r in mine)
        body += (f"<tr><td>{html.escape(mine[0].student)}</td>{cells}"
                 f"<td>{sum(r.score for r in mine if r.submitted):g}</td></tr>")
    return (f"<h2>{html.escape(text.REPORT_COURSE)}</h2><p>{html.escape(text.REPORT_COURSE_INTRO)}</p>"
            f'<table class="course"><tr><th>{html.escape(student)}</th>{head}'
            f"<th>{html.escape(total)} ({max_total:g})</th></tr>{body}</table>")


def write_report(out, assignment, subs, max_score, written=(), course=None):
    """Write report.html with its two PNGs into `out`; return the page's path. `course`: every
    assignment's export.rows, for the section on the course so far."""
    out = Path(out)
    plotfonts.use()  # Japanese labels need IPAexGothic; English ones still come from DejaVu Sans
    graded = [s for s in subs if s.graded]
    scores = [s.score for s in graded] or [0.0]
    rates = pass_rates(graded, set(written))
    plot_histogram(scores, max_score, out / "score_histogram.png")
    plot_pass_rates(rates, out / "pass_rates.png")
    title = text.REPORT_TITLE.format(assignment=assignment)
    rows = "".join(f"<tr><td>{html.escape(t)}</td><td>{p}/{g}</td><td>{p / g:.0%}</td></tr>"
                   for t, (p, g) in rates.items() if g)
    problems = "".join(f"<li><b>{html.escape(s.student)}</b>: {html.escape(s.problem)}</li>"
                       for s in subs if s.problem)
    page = f"""<!doctype html><html lang="{text.language()}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:52em;margin:2em auto}}td,th{{padding:2px 10px;text-align:left}}</style>
</head><body><h1>{html.escape(title)}</h1>
<p>{html.escape(text.REPORT_SUMMARY.format(graded=len(graded), total=text.counted(len(subs), text.SUBMISSIONS), mean=float(np.mean(scores)),
                                          median=float(np.median(scores)), max_score=max_score))}</p>
<p>{html.escape(hand_line(graded))}</p>
<p>{html.escape(late_line(graded))}</p>
<img src="score_histogram.png" alt="{html.escape(text.REPORT_HISTOGRAM)}">
<img src="pass_rates.png" alt="{html.escape(text.REPORT_PASS_RATE)}">
<h2>{html.escape(text.REPORT_MISTAKES)}</h2>
{mistakes_section(graded)}
<h2>{html.escape(text.REPORT_TEST_TABLE)}</h2><table>{rows}</table>
{f"<h2>{html.escape(text.REPORT_NOT_GRADED)}</h2><ul>{problems}</ul>" if problems else ""}
{course_section(course or {})}
</body></html>
"""
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path
