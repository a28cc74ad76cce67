"""nbgrader's collect, made safe for an exchange that every student can write to.

In the exchange's inbound folder a submission is a folder named
`<student>+<assignment>+<time>+<random>`, and every part of that name, like the
timestamp.txt inside, is written by whoever made the folder. nbgrader 0.9.6's
collect only warns when the folder is not owned by the student it names, and then
collects it anyway, with the time the folder claims. So one student could hand in
in another's name at a time of their choosing.

CollectOwnSubmissions, put in place of nbgrader's collect by the course's
nbgrader_config.py (`c.ExchangeFactory.collect`), differs in two things:

- a submission any of whose files is not owned by the student it names is never
  collected; it is reported in collect's log and in `refused_submissions.log` in the
  course root, and the student's own submissions are chosen among as if it were not there;
- a resubmission replaces the collected one without --update, and a late one taken is said
  in the log (with `before_duedate`, the last one on time is taken instead);
- a submission's time is the exchange's: the last status change (ctime) of the folder
  or of any file in it, which its owner can move forward but never back. It replaces
  the timestamp.txt the student wrote, so grading, lateness and feedback use it.
"""
import datetime
import glob
import os
import pwd
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect
from traitlets import default

from autograder import text

REFUSED_LOG = "refused_submissions.log"  # in the course root, beside the gradebook


def owners(folder):
    """{uid} of the folder and of everything in it (links are not followed)."""
    uids = {os.lstat(folder).st_uid}
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            uids.add(os.lstat(os.path.join(parent, name)).st_uid)
    return uids


def exchange_time(folder):
    """The last status change of the folder or anything in it, as nbgrader's naive UTC datetime.

    A file's ctime is set by the kernel; its owner can make it later (any change does)
    but never earlier, so a submission cannot claim to be older than it is.
    """
    latest = os.lstat(folder).st_ctime
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            latest = max(latest, os.lstat(os.path.join(parent, name)).st_ctime)
    return datetime.datetime.fromtimestamp(latest, datetime.timezone.utc).replace(tzinfo=None)


def uid_of(user):
    try:
        return pwd.getpwnam(user).pw_uid
    except KeyError:  # no such user on this machine: nobody can own a submission in that name
        return None


def written_timestamp(when):
    """timestamp.txt as nbgrader's parse_utc reads it."""
    return f"{when:%Y-%m-%d %H:%M:%S.%f} UTC"


class CollectOwnSubmissions(ExchangeCollect):
    """Collect takes each student's newest own submission (the README's "resubmitting replaces it")
    without --update; with before_duedate, the newest on time."""

    @default("update")
    def _always_update(self):
        return True

    def init_src(self):
        super().init_src()  # nbgrader's checks of the course and the inbound folder
        text.use_course(self.config)  # nbgrader collect: the course's language
        self.exchange_times = {}
        pattern = os.path.join(self.inbound_path, f"{self.coursedir.student_id or '*'}+{self.coursedir.assignment_id}+*")
        by_student = {}
        for path in sorted(glob.glob(pattern)):
            record = self._path_to_record(path)
            if self.refuse_if_forged(path, record["username"]):
                continue
            record["timestamp"] = self.exchange_times[path] = exchange_time(path)
            by_student.setdefault(record["username"], []).append(record)
        due = self.due_date()
        self.src_records = [self.choose(records, due) for records in by_student.values()]

    def refuse_if_forged(self, path, student):
        """True (and said loudly) when something in `path` is not owned by `student`."""
        found = owners(path)
        if found == {uid_of(student)}:
            return False
        names = ", ".join(sorted(self.user_name(uid) for uid in found))
        message = text.FORGED_SUBMISSION.format(folder=os.path.basename(path), student=student, owners=names)
        self.log.error(message)
        log = Path(self.coursedir.root) / REFUSED_LOG
        with open(log, "a") as f:
            f.write(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M:%S} UTC {message}\n")
        return True

    @staticmethod
    def user_name(uid):
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:  # a uid without a user: say the number
            return str(uid)

    def due_date(self):
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gradebook:
            try:
                return gradebook.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                return None

    def choose(self, records, due):
        """The newest submission; with --before-duedate the newest on time, if there is one.
        Taking a late one is said, never silent."""
        records = sorted(records, key=lambda r: r["timestamp"], reverse=True)
        chosen = records[0]
        if due is not None and self.before_duedate:
            chosen = ([r for r in records if r["timestamp"] <= due] or records)[0]
        if due is not None and chosen["timestamp"] > due:
            hours = (chosen["timestamp"] - due).total_seconds() / 3600
            on_time = sum(1 for r in records if r["timestamp"] <= due)
            self.log.warning(text.COLLECTED_LATE.format(student=chosen["username"], late=text.how_late(hours),
                                                        on_time=text.counted(on_time, text.EARLIER_ONES)))
        return chosen

    def do_copy(self, src, dest, log=None):
        """nbgrader's copy, then the exchange's time in place of the student's timestamp.txt."""
        super().do_copy(src, dest, log)
        when = self.exchange_times.get(os.path.normpath(src)) or self.exchange_times.get(src)
        if when is not None:
            Path(dest, "timestamp.txt").write_text(written_timestamp(when))
