# Lets `jupyter lab` started here (make lab) find the course for formgrader
# and the Assignments panel: the course itself is configured in assignments/.
import os

c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)
load_subconfig(os.path.join("assignments", "nbgrader_config.py"))  # noqa: F821
c.CourseDirectory.root = os.path.abspath("assignments")
