# JupyterHub for the course `backprop` on one machine (as with The Littlest JupyterHub):
# real system users (PAM), one local process per user, the nbgrader exchange
# in a shared directory. setup_course.sh installs this file into $BACKPROP_ETC
# and makes the users, groups and directories it refers to.
#
# Run (as root, which LocalProcessSpawner needs to start servers as the users):
#   /opt/backprop-hub/venv/bin/jupyterhub -f /etc/backprop-course/jupyterhub_config.py
#
# Site paths come from the environment so that setup_course.sh, the hub and
# the tests agree on them; the defaults are those of a real installation.
import os
import shlex
from pathlib import Path

c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)

COURSE = "backprop"
ETC = Path(os.environ.get("BACKPROP_ETC", "/etc/backprop-course"))
VENV = Path(os.environ.get("BACKPROP_VENV", "/opt/backprop-hub/venv"))
EXCHANGE = os.environ.get("NBGRADER_EXCHANGE", "/srv/backprop/exchange")
GRADERS, STUDENTS = f"formgrade-{COURSE}", f"nbgrader-{COURSE}"


def read_roster(path):
    """{'instructor': [...], 'student': [...]} from lines '<role> <user> [first] [last] [email]'
    (# comments; words split as a shell does, names are for the gradebook only)."""
    roles = {"instructor": [], "student": []}
    for line in Path(path).read_text().splitlines():
        words = shlex.split(line, comments=True)
        if words:
            roles[words[0]].append(words[1])
    return roles


roster = read_roster(ETC / "roster")

# ---------------------------------------------------------------- who may log in
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(roster["instructor"] + roster["student"])
# The hub's groups say who grades and who is a student; the spawner hook below
# turns them into each user's nbgrader configuration.
c.JupyterHub.load_groups = {
    GRADERS: {"users": roster["instructor"]},
    STUDENTS: {"users": roster["student"]},
}

# ---------------------------------------------------------------- the hub itself
# Behind a TLS reverse proxy on this machine (see README.md); never open to the world in plain HTTP.
c.JupyterHub.bind_url = "http://127.0.0.1:8000"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.template_paths = [str(ETC / "templates")]
# The link to formgrader on the hub's home page, for graders only (templates/home.html).
c.JupyterHub.template_vars = {"formgrade_group": GRADERS}
# A restart (after a roster change: the roster is read when the hub starts) leaves users'
# servers running; the hub finds them again in its database (backprop-hub.service).
c.JupyterHub.cleanup_servers = False

# ---------------------------------------------------------------- the users' servers
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.ip = "127.0.0.1"
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
# Validation and autograding run the whole notebook (training included): give servers time.
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    # the course's tools (`python -m autograder`, nbgrader, alembic) before anything else; JupyterLab's
    # terminal keeps it: jupyter/*/jupyter_server_config.json start bash as a non-login shell there,
    # since a login shell reads /etc/profile, which on Debian sets PATH anew
    "PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "NBGRADER_EXCHANGE": EXCHANGE,
}


def nbgrader_role(spawner):
    """Point the user's Jupyter at the instructor's or the student's configuration.

    JUPYTER_CONFIG_PATH comes before the environment's own config, so it can
    switch off formgrader for students (the venv enables every nbgrader extension).
    """
    groups = {g.name for g in spawner.user.groups}
    role = "instructor" if GRADERS in groups else "student"
    spawner.environment["JUPYTER_CONFIG_PATH"] = str(ETC / "jupyter" / role)


c.Spawner.pre_spawn_hook = nbgrader_role

# ---------------------------------------------------------------- formgrader and the CSP
# JupyterHub >= 4.1 sends `Content-Security-Policy: frame-ancestors 'none'` from
# every user server, which blanks formgrader inside JupyterLab (it is an iframe;
# nbgrader issues 1870, 1919). We keep that header: it is the hub's protection
# against one user's page framing another's (nbgrader reverted its own relaxation,
# PR 1947, for that reason). Formgrader works as a top-level page instead, and the
# hub's home page links graders to it in its own tab (templates/home.html).

# ---------------------------------------------------------------- the site's own settings
# Bind address, TLS, ports: in $BACKPROP_ETC/site_config.py, which setup_course.sh never overwrites.
if (ETC / "site_config.py").exists():
    load_subconfig(str(ETC / "site_config.py"))  # noqa: F821 (provided by traitlets)
