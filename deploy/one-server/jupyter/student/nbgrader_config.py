# nbgrader for a student of the course: which course, where the exchange is.
# The hub puts this folder on JUPYTER_CONFIG_PATH of every member of
# nbgrader-backprop (see jupyterhub_config.py); NBGRADER_EXCHANGE comes from the hub too.
import os

from autograder.nbgrader_side.validate import name_failed_test

c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)
c.CourseDirectory.course_id = "backprop"
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/backprop/exchange")
# Validate (the toolbar button) shows a failed test by its name and message, as
# `python -m autograder check` does, not by the code of its cell (autograder/nbgrader_side/validate.py).
c.Execute.on_cell_error = name_failed_test
# Submit leaves the submission to its owner and the graders (nbgrader makes it mode 0777: anyone who
# learned its name could read it, change it or plant files in it): autograder/nbgrader_side/exchange.py.
c.ExchangeFactory.submit = "autograder.nbgrader_side.exchange.SubmitPrivately"
