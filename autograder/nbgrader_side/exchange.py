"""nbgrader's exchange, made safe for a class in which any student may attack it.

In the exchange's inbound folder a submission is a folder named
`<student>+<assignment>+<time>+<random>`, and every part of that name, like the
timestamp.txt inside, is written by whoever made the folder. nbgrader 0.9.6's
collect only warns when the folder is not owned by the student it names, and then
collects it anyway, with the time the folder claims. So one student could hand in
in another's name at a time of their choosing.

CollectOwnSubmissions, put in place of nbgrader's collect by the course's
nbgrader_config.py (`c.ExchangeFactory.collect`), differs in these things:

- a submission any of whose files is not owned by the student it names is never
  collected; it is reported in collect's log and in `refused_submissions.log` in the
  course root, and the student's own submissions are chosen among as if it were not there;
- a resubmission replaces the collected one without --update, and a late one taken is said
  in the log (with `before_duedate`, the last one on time is taken instead);
- a submission's time is the exchange's: the last status change (ctime) of the folder
  or of any file in it, which its owner can move forward but never back. It replaces
  the timestamp.txt the student wrote, so grading, lateness and feedback use it;
- collect runs as the instructor, who can read the solutions: nbgrader's copytree would
  follow a symbolic link the student put in their own submission (to the instructor's
  solution notebook, say) and read a named pipe or a device until something gives out. A
  submission with anything but plain files and folders in it, or with a name nbgrader cannot
  read, is refused like a forged one; the copy opens every file without following links
  (relative to its folder's descriptor, so nothing can be swapped in between the check and
  the copy) and takes only plain files the student owns. One bad submission never stops
  the others.

Beside collect, the other steps that a student's doing could break or leak through:

- SubmitPrivately (the students' config): nbgrader makes each submission folder mode 0777
  "so the instructor can delete later", so anyone who knows or guesses its name could
  read, change or plant files in it. This one leaves it to its owner and the exchange's
  group (the graders, set by setup_course.sh on the inbound folder) alone.
- ReleaseFeedbackEach: nbgrader's release_feedback stops at the first student whose
  submission has no submission_secret.txt (a student can delete it); this one releases
  everyone else's and says whose it could not.
- ReleaseWithoutInstructorFiles: nbgrader's generate_assignment (formgrader's *Generate*)
  puts source/<assignment>/ref/ and the other editions into release/; this release refuses
  to copy a release that holds anything of the instructor's (autograder.nbgrader_side.release.find_leaks)
  and names the command that makes a safe one.
"""
import datetime
import fnmatch
import glob
import os
import pwd
import shutil
import stat
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.release_assignment import ExchangeReleaseAssignment
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import check_mode
from traitlets import default

from autograder.languages import text

REFUSED_LOG = "refused_submissions.log"  # in the course root, beside the gradebook


class Unsafe(Exception):
    """Something in a submission that collect must not follow or copy; its text says what and where."""


def kind_of(mode):
    """A person's words for a file that is neither a plain file nor a folder."""
    if stat.S_ISLNK(mode):
        return text.KIND_LINK
    if stat.S_ISFIFO(mode):
        return text.KIND_FIFO
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return text.KIND_DEVICE
    if stat.S_ISSOCK(mode):
        return text.KIND_SOCKET
    return text.KIND_OTHER


def unsafe_entries(folder):
    """'<path>: <kind>' for everything in `folder` (itself included) that is not a plain file or
    folder; links are never followed, so a linked folder is listed, not entered."""
    found = []
    top = os.lstat(folder).st_mode
    if not stat.S_ISDIR(top):
        return [f".: {kind_of(top)}"]
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(parent, name)
            mode = os.lstat(path).st_mode
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                found.append(f"{os.path.relpath(path, folder)}: {kind_of(mode)}")
    return sorted(found)


class SafeCopy:
    """Copy a submission folder without following anything out of it.

    Every folder and file is opened relative to its parent's descriptor with O_NOFOLLOW, and
    checked after opening (fstat): a plain file or folder owned by `uid`, or Unsafe is raised. So
    a link, a pipe or a device swapped in after the checks of init_src is refused too, never
    read. Names the course ignores (CourseDirectory.ignore, include) are left out as nbgrader
    leaves them out; a file over max_bytes is left out with a warning, as nbgrader does."""

    def __init__(self, uid, ignore, include, max_bytes, log):
        self.uid, self.ignore, self.include, self.max_bytes, self.log = uid, ignore, include, max_bytes, log

    def copy(self, src, dest):
        fd = self.open(os.open, src, os.O_RDONLY | os.O_DIRECTORY, ".")
        try:
            self.copy_folder(fd, Path(dest), "")
        finally:
            os.close(fd)

    def open(self, opener, name, flags, where, dir_fd=None):
        """os.open without following a link, then the file itself checked: its kind and owner."""
        try:
            fd = opener(name, flags | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
        except OSError as error:  # ELOOP: a link; ENXIO: a pipe or socket; anything else: unreadable
            mode = os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode
            raise Unsafe(f"{where}: {kind_of(mode) if not stat.S_ISREG(mode) else error}") from None
        found = os.fstat(fd)
        wanted = stat.S_ISDIR if flags & os.O_DIRECTORY else stat.S_ISREG
        if not wanted(found.st_mode):
            os.close(fd)
            raise Unsafe(f"{where}: {kind_of(found.st_mode)}")
        if found.st_uid != self.uid:
            os.close(fd)
            raise Unsafe(f"{where}: {text.KIND_NOT_OWNED.format(owner=user_name(found.st_uid))}")
        return fd

    def copy_folder(self, fd, dest, where):
        dest.mkdir(parents=True, exist_ok=True)
        for name in sorted(os.listdir(fd)):
            path = os.path.join(where, name)
            if any(fnmatch.fnmatch(name, pattern) for pattern in self.ignore):
                continue
            mode = os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                child = self.open(os.open, name, os.O_RDONLY | os.O_DIRECTORY, path, dir_fd=fd)
                try:
                    self.copy_folder(child, dest / name, path)
                finally:
                    os.close(child)
            elif self.include and not any(fnmatch.fnmatch(name, pattern) for pattern in self.include):
                continue
            else:
                self.copy_file(fd, name, dest / name, path)

    def copy_file(self, dir_fd, name, dest, where):
        fd = self.open(os.open, name, os.O_RDONLY, where, dir_fd=dir_fd)
        with os.fdopen(fd, "rb") as source:
            data = source.read(self.max_bytes + 1)
            times = os.fstat(source.fileno())
        if len(data) > self.max_bytes:
            self.log.warning(text.FILE_TOO_LARGE.format(path=where, limit=self.max_bytes))
            return
        dest.write_bytes(data)
        os.utime(dest, ns=(times.st_atime_ns, times.st_mtime_ns))  # the newest notebook is the one graded


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


def user_name(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a uid without a user: say the number
        return str(uid)


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
        text.use_course(self.config)  # nbgrader collect: the course's language
        self.find_inbound()
        self.exchange_times = {}
        pattern = os.path.join(self.inbound_path, f"{self.coursedir.student_id or '*'}+{self.coursedir.assignment_id}+*")
        by_student = {}
        for path in sorted(glob.glob(pattern)):
            try:
                record = self._path_to_record(path)
            except Exception as error:  # nbgrader's fail() or parse_utc's ValueError: any student can make the name
                self.refuse(text.UNREADABLE_SUBMISSION_NAME.format(folder=os.path.basename(path), error=error))
                continue
            if self.refuse_if_unsafe(path, record["username"]):
                continue
            record["timestamp"] = self.exchange_times[path] = exchange_time(path)
            by_student.setdefault(record["username"], []).append(record)
        due = self.due_date()
        self.src_records = [self.choose(records, due) for records in by_student.values()]

    def find_inbound(self):
        """nbgrader's checks of the course and the inbound folder. Not nbgrader's init_src itself:
        it reads every submission's name, and one name it cannot read would stop the whole collect."""
        if self.coursedir.course_id == "":
            self.fail(text.NO_COURSE_ID)
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(text.NO_INBOUND.format(folder=self.inbound_path))
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail(text.INBOUND_UNREADABLE.format(folder=self.inbound_path))

    def refuse_if_unsafe(self, path, student):
        """True (and said loudly) when `path` holds something not owned by `student`, or anything
        but plain files and folders."""
        folder = os.path.basename(path)
        unsafe = unsafe_entries(path)
        if unsafe:
            self.refuse(text.UNSAFE_SUBMISSION.format(folder=folder, student=student, what="; ".join(unsafe)))
            return True
        found = owners(path)
        if found == {uid_of(student)}:
            return False
        names = ", ".join(sorted(user_name(uid) for uid in found))
        self.refuse(text.FORGED_SUBMISSION.format(folder=folder, student=student, owners=names))
        return True

    def refuse(self, message):
        """In collect's log (formgrader's *Collect* shows it) and in refused_submissions.log."""
        self.log.error(message)
        log = Path(self.coursedir.root) / REFUSED_LOG
        with open(log, "a") as f:
            f.write(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M:%S} UTC {message}\n")

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
        """A copy that follows nothing out of the submission (SafeCopy), then the exchange's time in
        place of the student's timestamp.txt. Something unsafe found only now (put there after
        init_src looked) refuses this submission alone: the others are collected."""
        student = self._path_to_record(src)["username"]
        copier = SafeCopy(uid_of(student), self.coursedir.ignore, self.coursedir.include,
                          1000 * self.coursedir.max_file_size, self.log)
        try:
            copier.copy(src, dest)
        except (Unsafe, OSError) as error:
            shutil.rmtree(dest, ignore_errors=True)
            self.refuse(text.UNSAFE_SUBMISSION.format(folder=os.path.basename(src), student=student, what=error))
            return
        when = self.exchange_times.get(os.path.normpath(src)) or self.exchange_times.get(src)
        if when is not None:
            Path(dest, "timestamp.txt").write_text(written_timestamp(when))


class SubmitPrivately(ExchangeSubmit):
    """nbgrader's submit, with the submission open to its owner and the graders only.

    nbgrader leaves the folder mode 0777: anyone who learns its name (a user and a time) could
    list, read, change, plant or delete files in it. The inbound folder is setgid to the graders'
    group (setup_course.sh), so the submission folder and the folders in it are made in that
    group; mode 0770 on every folder shuts out everyone else. The folder is the gate: files stay
    0644, since two of them (timestamp.txt, submission_secret.txt) are written after nbgrader's
    copy has cleared the setgid bit, in the student's own group, and the graders must read them.
    Where the inbound folder gives its group to nothing (an exchange not made by setup_course.sh),
    closing the folder would shut out the instructor too: it is left as nbgrader leaves it."""

    def copy_files(self):
        super().copy_files()
        folder = os.path.join(self.inbound_path, self.assignment_filename)
        if os.stat(folder).st_gid == os.stat(self.inbound_path).st_gid:
            self.set_perms(folder, fileperms=0o644, dirperms=0o770)


class ReleaseFeedbackEach(ExchangeReleaseFeedback):
    """nbgrader's release_feedback, one student at a time: a student whose feedback cannot be
    released (their submission held no submission_secret.txt, say) is named with the reason,
    and everyone else's is released."""

    def copy_files(self):
        text.use_course(self.config)
        everyone = self.src_path
        for folder in sorted(glob.glob(everyone)):
            self.src_path = folder
            try:
                super().copy_files()
            except Exception as error:  # a file the student could delete or break: skip this one only
                student = Path(folder).parent.name
                self.log.error(text.FEEDBACK_NOT_RELEASED.format(student=student, reason=f"{type(error).__name__}: {error}"))
        self.src_path = everyone


class ReleaseWithoutInstructorFiles(ExchangeReleaseAssignment):
    """nbgrader's release_assignment, refused when release/<assignment> holds anything of the
    instructor's: formgrader's *Generate* and `nbgrader generate_assignment` copy ref/ (the
    reference data, the hidden tests' messages, the known mistakes) and the other editions into
    it. The release `python -m autograder release` makes passes; the refusal names that command."""

    def copy_files(self):
        from autograder.course import Course
        from autograder.nbgrader_side.release import find_leaks  # release imports the course's modules: only when releasing
        text.use_course(self.config)
        leaks = find_leaks(Course.of(self), self.coursedir.assignment_id)
        if leaks:
            self.fail(text.RELEASE_REFUSED.format(assignment=self.coursedir.assignment_id,
                                                  root=self.coursedir.root, leaks="\n  ".join(leaks)))
        super().copy_files()
