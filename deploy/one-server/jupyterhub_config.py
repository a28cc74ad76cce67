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
import resource
import shlex
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer

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
# Each user's server, with everything it starts (kernels, terminals, their forks), under one cap on
# memory and one on processes: one student's forks cannot take the machine from everyone else.
# The grading sandbox caps a submission the same way; a student's own JupyterLab had no cap (five
# forked children took a machine from 1.7 to 10.3 GB).
GiB = 1024 ** 3


class CappedSpawner(LocalProcessSpawner):
    """LocalProcessSpawner, with each user's server in a control group of its own (memory and
    processes of the server and all it starts, together) and RLIMIT_NPROC on the user.

    The group is `backprop-users/<user>` below the hub's own group: under cgroup v1's memory and pids
    hierarchies, or in a cgroup v2 tree whose memory and pids controllers the hub may hand on (the
    hub at the root of the tree, or given the tree by systemd's Delegate=yes: the hub then moves
    its own processes into a leaf `hub`, since v2 lets a group with processes pass no controller
    on). Where no group can be made, the hub says so in its log and the process cap alone holds.
    A server keeps its group through a hub restart (the group is the kernel's, not the hub's)."""

    memory_limit = Integer(2 * GiB, help="bytes of memory for a student's server and all it starts").tag(config=True)
    process_limit = Integer(256, help="processes (threads count) of a student").tag(config=True)
    grader_memory_limit = Integer(8 * GiB, help="bytes for a grader's server: grading runs in it").tag(config=True)
    grader_process_limit = Integer(1024, help="processes of a grader").tag(config=True)

    def limits(self):
        if GRADERS in {g.name for g in self.user.groups}:
            return self.grader_memory_limit, self.grader_process_limit
        return self.memory_limit, self.process_limit

    def make_preexec_fn(self, name):
        become_user = super().make_preexec_fn(name)
        memory, processes = self.limits()
        try:
            folders = user_groups(name, memory, processes)
        except OSError as error:
            self.log.warning("no memory cap for %s's server (no control group: %s); processes capped at %d",
                             name, error, processes)
            folders = []

        def preexec():  # in the new process, before it becomes the user and runs the server
            for folder in folders:
                with open(folder / "cgroup.procs", "w") as procs:
                    procs.write(str(os.getpid()))
            resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
            become_user()
        return preexec


def user_groups(user, memory, processes):
    """The control group folders of `user` (v1: memory and pids; v2: one), made and limited."""
    mounts = [line.split()[1:4] for line in Path("/proc/self/mounts").read_text().splitlines()]
    own = [line.split(":", 2) for line in Path("/proc/self/cgroup").read_text().splitlines()]
    v1 = {controller: Path(point) / path.lstrip("/")
          for point, kind, options in mounts if kind == "cgroup"
          for _, names, path in own for controller in ("memory", "pids")
          if controller in options.split(",") and controller in names.split(",")}
    if "memory" in v1 and "pids" in v1:
        folders = [v1["memory"] / "backprop-users" / user, v1["pids"] / "backprop-users" / user]
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
        (folders[0] / "memory.limit_in_bytes").write_text(str(memory))
        (folders[1] / "pids.max").write_text(str(processes))
        return folders
    v2 = [(Path(point), path.strip("/")) for point, kind, _ in mounts if kind == "cgroup2"
          for number, _, path in own if number == "0"]
    if not v2:
        raise OSError("neither cgroup v1 memory and pids hierarchies nor cgroup v2")
    root, path = v2[0]
    base = root / path
    if not {"memory", "pids"} <= set((base / "cgroup.subtree_control").read_text().split()):
        if path and (base / "cgroup.procs").read_text().split():  # the root group alone may have both
            (base / "hub").mkdir(exist_ok=True)  # v2: a group with processes passes no controller on
            for pid in (base / "cgroup.procs").read_text().split():
                (base / "hub" / "cgroup.procs").write_text(pid)
        (base / "cgroup.subtree_control").write_text("+memory +pids")
    users = base / "backprop-users"
    users.mkdir(exist_ok=True)
    (users / "cgroup.subtree_control").write_text("+memory +pids")
    folder = users / user
    folder.mkdir(exist_ok=True)
    (folder / "memory.max").write_text(str(memory))
    (folder / "pids.max").write_text(str(processes))
    return [folder]


c.JupyterHub.spawner_class = CappedSpawner
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
