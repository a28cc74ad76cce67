# nbgrader for an instructor of the course: the course root is ~/backprop
# (a copy of the repository's assignments/, made by setup_course.sh), whose own
# nbgrader_config.py (timeouts, feedback without hidden tests) is loaded first.
# The hub puts this folder on JUPYTER_CONFIG_PATH of every member of formgrade-backprop.
import os

c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)
COURSE_ROOT = os.path.expanduser("~/backprop")
if os.path.exists(os.path.join(COURSE_ROOT, "nbgrader_config.py")):
    load_subconfig(os.path.join(COURSE_ROOT, "nbgrader_config.py"))  # noqa: F821
c.CourseDirectory.root = COURSE_ROOT
c.CourseDirectory.course_id = "backprop"
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/backprop/exchange")
# Collect only submissions owned by the students they name, timed by the exchange (autograder/nbgrader_side/exchange.py);
# set here too, since an instructor's course root keeps the nbgrader_config.py it was made with.
c.ExchangeFactory.collect = "autograder.nbgrader_side.exchange.CollectOwnSubmissions"
# Nothing of ref/ reaches the exchange, whichever button releases; feedback released student by student.
c.ExchangeFactory.release_assignment = "autograder.nbgrader_side.exchange.ReleaseWithoutInstructorFiles"
c.ExchangeFactory.release_feedback = "autograder.nbgrader_side.exchange.ReleaseFeedbackEach"
# formgrader's Autograde button grades nobody where the sandbox cannot run (install_hub.sh installs it)
c.GradeOutsideTheKernel.require_sandbox = True
