# nbgrader for a student of the course: which course, where the exchange is.
# The hub puts this folder on JUPYTER_CONFIG_PATH of every member of
# nbgrader-backprop (see jupyterhub_config.py); NBGRADER_EXCHANGE comes from the hub too.
import os

c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)
c.CourseDirectory.course_id = "backprop"
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/backprop/exchange")
