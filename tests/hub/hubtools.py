"""A real JupyterHub on 127.0.0.1 for the tests, with real system users, and ways to talk to it.

The hub is the deployment of deploy/one-server (setup_course.sh, its
jupyterhub_config.py), run from the environment deploy/install_hub.sh makes
(deploy/install_test_deps.sh runs it), started as its systemd unit
backprop-hub.service starts it: the unit's ExecStart, Environment= and
WorkingDirectory (a folder of mode 0700, as its StateDirectory= makes). Only the
site paths (in place of the unit's defaults), the state folder and what a site
puts in site_config.py (ports, an API token for the test itself) are the test's
own. Everything a user does goes through the hub's proxy: the REST API of the
hub, the users' Jupyter servers and nbgrader's server extensions.
"""
import asyncio
import concurrent.futures
import json
import os
import pwd
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ONE_SERVER = REPO / "deploy" / "one-server"
UNIT = ONE_SERVER / "backprop-hub.service"
# What systemd gives a system service without User=: PATH and the unit's Environment= (systemd.exec(5))
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
HUB_VENV = Path(os.environ.get("BACKPROP_VENV", "/opt/backprop-hub/venv"))
INSTRUCTOR, STUDENTS = "bp_instructor", ("bp_alice", "bp_bob")
NEWCOMER = "bp_carol"  # a student the flow test adds mid-term
NAMES = {"bp_alice": '"Alice Mary" Abe alice@example.org', "bp_bob": "Bob Baba"}  # as a roster line has them
PASSWORD = "hub-test-password"  # set only on these throwaway test users
COURSE = "backprop"
# the browser tests' screenshots (gitignored)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def require_hub_dependencies():
    """Skip (loudly) when something the hub tests need is missing; under CI, fail instead."""
    missing = []
    if os.geteuid() != 0:
        missing.append("root (the hub starts servers as other system users)")
    if not (HUB_VENV / "bin" / "jupyterhub").exists():
        missing.append(f"JupyterHub in {HUB_VENV}")
    if not shutil.which("configurable-http-proxy"):
        missing.append("configurable-http-proxy")
    if missing:
        reason = ("HUB TESTS NOT RUN, missing: " + "; ".join(missing)
                  + ". Run `bash deploy/install_test_deps.sh` as root (make test-hub does).")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def read_unit(path=UNIT):
    """A systemd unit file as {(section, key): [values]}: a key may repeat, as Environment= does."""
    found, section = {}, None
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        found.setdefault((section, key.strip()), []).append(value.strip())
    return found


def unit_environment(unit):
    """The unit's Environment= lines as a dict."""
    return dict(value.split("=", 1) for value in unit.get(("Service", "Environment"), []))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, check, timeout, interval=0.5):
    """Call check() until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.time() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(interval)


class HTTPError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body[:500]}")
        self.status, self.body = status, body


def request(url, token=None, method="GET", data=None, timeout=300):
    """JSON in, JSON (or text) out; raises HTTPError on a status >= 400."""
    headers = {"Authorization": f"token {token}"} if token else {}
    body = None
    if data is not None:
        body, headers["Content-Type"] = json.dumps(data).encode(), "application/json"
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read().decode()
    except urllib.error.HTTPError as err:
        raise HTTPError(err.code, err.read().decode(errors="replace")) from None
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


def processes_of(uid):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                pass
    return pids


def remove_user(name):
    """Delete a test user, ending the processes the hub started for it (by pid), and its home.

    A home left without its user (by an interrupted run) goes too: useradd would keep it, owned
    by the old uid, and the new user could not write in it, so no server of theirs would start."""
    home = Path("/home") / name
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        shutil.rmtree(home, ignore_errors=True)
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in processes_of(uid):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        try:
            wait_for(f"processes of {name} to end", lambda: not processes_of(uid), 10, 0.2)
            break
        except AssertionError:
            continue
    subprocess.run(["userdel", "--remove", name], capture_output=True)
    shutil.rmtree(home, ignore_errors=True)


def remove_user_groups():
    """The control groups the hub made for the users' servers (jupyterhub_config.py's CappedSpawner,
    below this process's own group, which the hub shares), once their processes are gone."""
    own = [line.split(":", 2)[2].strip("/") for line in Path("/proc/self/cgroup").read_text().splitlines()]
    for line in Path("/proc/self/mounts").read_text().splitlines():
        point, kind = line.split()[1:3]
        if kind in ("cgroup", "cgroup2"):
            for path in own:
                users = Path(point) / path / "backprop-users"
                for folder in [*users.glob("*"), users] if users.is_dir() else []:
                    if folder.is_dir():
                        try:
                            folder.rmdir()
                        except OSError:  # not empty, or not ours to remove
                            pass


class Hub:
    """The hub, its users and their tokens."""

    def __init__(self, base):
        self.base = base
        self.port = free_port()
        self.hub_port, self.proxy_api_port = free_port(), free_port()  # the same after a restart, as in production
        self.url = f"http://127.0.0.1:{self.port}"
        self.etc, self.exchange = base / "etc", base / "srv" / "exchange"
        self.state = base / "hub-state"
        self.service_token = secrets.token_hex(32)
        self.tokens = {}
        self.env = dict(os.environ, BACKPROP_ETC=str(self.etc), NBGRADER_EXCHANGE=str(self.exchange),
                        BACKPROP_VENV=str(HUB_VENV))
        self.process = None

    # ------------------------------------------------------------ set-up
    def setup_course(self):
        roster = self.base / "roster"
        roster.write_text(f"instructor {INSTRUCTOR}\n" + "".join(f"student {s} {NAMES[s]}\n" for s in STUDENTS))
        for user in (INSTRUCTOR, *STUDENTS, NEWCOMER):
            remove_user(user)  # leftovers of an interrupted run
        result = subprocess.run(["bash", str(ONE_SERVER / "setup_course.sh"), str(roster)],
                                env=self.env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"setup_course.sh failed:\n{result.stdout}\n{result.stderr}"
        # the browser test logs in through PAM
        subprocess.run(["chpasswd"], input="".join(f"{u}:{PASSWORD}\n" for u in (INSTRUCTOR, *STUDENTS)),
                       text=True, check=True)
        # What a site sets in its site_config.py: here the test's ports and an API token for the test itself.
        with open(self.etc / "site_config.py", "a") as site:
            site.write(f"""
# the hub test's own
c.JupyterHub.bind_url = {self.url + '/'!r}
c.JupyterHub.hub_port = {self.hub_port}
c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{self.proxy_api_port}'
c.JupyterHub.services = [{{'name': 'hubtest', 'api_token': {self.service_token!r}}}]
c.JupyterHub.load_roles = [{{'name': 'hubtest', 'services': ['hubtest'],
                             'scopes': ['admin:users', 'admin:servers', 'tokens', 'list:groups', 'read:groups']}}]
""")

    def as_the_unit_starts_it(self):
        """(command, environment, working folder): backprop-hub.service's ExecStart, Environment= and
        WorkingDirectory, with the test's site paths and state folder in place of the unit's."""
        unit = read_unit()
        ours = {name: self.env[name] for name in unit_environment(unit)}
        command = unit[("Service", "ExecStart")][0]
        for name, default in unit_environment(unit).items():
            command = command.replace(default, ours[name])
        assert unit[("Service", "WorkingDirectory")] == ["/var/lib/" + unit[("Service", "StateDirectory")][0]]
        return shlex.split(command), {"PATH": SYSTEMD_PATH, **ours}, self.state

    def start(self, timeout=60):
        command, environment, workdir = self.as_the_unit_starts_it()
        # StateDirectory=, StateDirectoryMode=0700: the hub's database and cookie secret, root's only
        workdir.mkdir(mode=0o700, exist_ok=True)
        self.log = open(self.base / "jupyterhub.log", "a")
        self.process = subprocess.Popen(command, cwd=workdir, env=environment,
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

        def up():
            assert self.process.poll() is None, f"JupyterHub exited:\n{self.log_text()}"
            try:
                return request(f"{self.url}/hub/api/", timeout=5)
            except (OSError, HTTPError):
                return None
        wait_for("JupyterHub answering", up, timeout)

    def restart(self, timeout=60):
        """SIGTERM to the hub's own process, as systemd's KillMode=process sends it; then start it again."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()
        self.start(timeout)

    def log_text(self):
        return (self.base / "jupyterhub.log").read_text(errors="replace")[-5000:]

    def stop(self):
        """SIGTERM (the hub then stops the users' servers and its proxy), SIGKILL after 30 s."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self.process:
            try:  # the proxy runs in the hub's process group; anything left there goes too
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.log.close()

    # ------------------------------------------------------------ the hub's REST API
    def api(self, path, method="GET", data=None):
        return request(f"{self.url}/hub/api/{path}", self.service_token, method, data)

    def token(self, user):
        """An API token owned by `user`, as a user makes on the hub's token page."""
        if user not in self.tokens:
            self.tokens[user] = self.api(f"users/{user}/tokens", "POST", {"note": "hub test"})["token"]
        return self.tokens[user]

    def start_server(self, user, timeout=120):
        try:
            self.api(f"users/{user}/server", "POST")
        except HTTPError as err:
            if err.status != 400:  # 400: already running
                raise
        wait_for(f"server of {user} ready",
                 lambda: self.api(f"users/{user}").get("servers", {}).get("", {}).get("ready"), timeout)

    # ------------------------------------------------------------ a user's own server
    def user_url(self, user, path=""):
        return f"{self.url}/user/{user}/{path}"

    def as_user(self, user, path, method="GET", data=None, timeout=300):
        """A request to `user`'s Jupyter server with `user`'s own token."""
        return request(self.user_url(user, path), self.token(user), method, data, timeout)

    def request_as(self, user, owner, path):
        """`user`'s token on `owner`'s server: what the hub must refuse."""
        return request(self.user_url(owner, path), self.token(user), timeout=30)

    def run_ok(self, user, code, timeout=600):
        """run_code that must not fail: its stdout."""
        out, error = self.run_code(user, code, timeout)
        assert error is None, f"{user}: {error}\n{out}"
        return out

    def run_code(self, user, code, timeout=300):
        """Run Python in a fresh kernel on `user`'s server; returns (stdout, error or None)."""
        kernel = self.as_user(user, "api/kernels", "POST", {"name": "python3"})
        try:
            coro = _execute(self.user_url(user, f"api/kernels/{kernel['id']}/channels"), self.token(user),
                            code, timeout)
            # in a thread of its own: Playwright's sync API keeps an event loop running in this one
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                return pool.submit(asyncio.run, coro).result()
        finally:
            self.as_user(user, f"api/kernels/{kernel['id']}", "DELETE")


    def run_in_terminal(self, user, command, timeout=120):
        """Type `command` into a new JupyterLab terminal of `user`'s server; returns what it printed
        up to the line `END-42`, which the command must make the shell print last."""
        terminal = self.as_user(user, "api/terminals", "POST")
        try:
            coro = _type_in_terminal(self.user_url(user, f"terminals/websocket/{terminal['name']}"),
                                     self.token(user), command, timeout)
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                return pool.submit(asyncio.run, coro).result()
        finally:
            self.as_user(user, f"api/terminals/{terminal['name']}", "DELETE")


async def _type_in_terminal(url, token, command, timeout):
    """terminado's protocol: ["stdin", text] in, ["stdout", text] out."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(HTTPRequest(url.replace("http://", "ws://", 1),
                                             headers={"Authorization": f"token {token}"}))
    out, deadline = "", time.time() + timeout
    try:
        ws.write_message(json.dumps(["stdin", command + "; echo END-$((6*7))\r"]))
        while "END-42" not in out:  # the echo of the typed line shows END-$((6*7)), not END-42
            raw = await asyncio.wait_for(ws.read_message(), max(1, deadline - time.time()))
            assert raw is not None, f"terminal closed; it printed:\n{out}"
            kind, *rest = json.loads(raw)
            if kind == "stdout":
                out += rest[0]
    finally:
        ws.close()
    return out


async def _execute(url, token, code, timeout):
    """One execute_request over the kernel's websocket (Jupyter messaging protocol 5.3)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(HTTPRequest(url.replace("http://", "ws://", 1),
                                             headers={"Authorization": f"token {token}"}))
    msg_id = uuid.uuid4().hex
    ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    out, error, idle, replied = [], None, False, False
    deadline = time.time() + timeout
    try:
        while not (idle and replied):
            raw = await asyncio.wait_for(ws.read_message(), max(1, deadline - time.time()))
            assert raw is not None, "kernel websocket closed"
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
    finally:
        ws.close()
    return "".join(out), error


def hub_fixture():
    """Set up the course and start the hub; stop it and remove users and files afterwards.

    Each module that uses it gets a hub of its own (a module fixture), though one costs 10-17 s to
    set up and tear down: each starts from a course nobody has touched, and would fail or prove less
    on the state another leaves. test_hub_flow.py checks that formgrader's Release refuses with
    nothing in the exchange, that each student lists lec2 as released and fetches it, and exactly
    two students in groups, gradebook and exports. test_browser.py releases the English lec2 and
    has a student fetch it; test_browser_ja.py releases the Japanese one (nbgrader refuses a second
    release of lec2), has the same student switch JupyterLab from English to Japanese and fetch it
    (a fetched lec2 is not fetched again), and a student whose server starts at the test's login
    (the course-wide default language is read only then; test_browser.py's submitter's server has
    been running)."""
    require_hub_dependencies()
    # not pytest's tmp_path: that lives under a 0700 folder the users could not enter
    base = Path(tempfile.mkdtemp(prefix="backprop-hubtest-"))
    base.chmod(0o755)
    hub = Hub(base)
    # a real course on this machine may own these groups: remove only what the test made
    made_groups = [g for g in (f"formgrade-{COURSE}", f"nbgrader-{COURSE}")
                   if subprocess.run(["getent", "group", g], capture_output=True).returncode != 0]
    try:
        hub.setup_course()
        hub.start()
        yield hub
    finally:
        hub.stop()
        for user in (INSTRUCTOR, *STUDENTS, NEWCOMER):
            remove_user(user)
        remove_user_groups()
        shutil.rmtree(base, ignore_errors=True)
        for group in made_groups:
            subprocess.run(["groupdel", group], capture_output=True)


def chromium_fixture(screenshots):
    """Chromium for a module's browser tests; its folder of screenshots emptied first (only its own
    *.png: another module's folder inside it stays)."""
    from conftest import launched_chromium
    screenshots.mkdir(parents=True, exist_ok=True)
    for old in screenshots.glob("*.png"):
        old.unlink()
    yield from launched_chromium("BROWSER TEST")


def log_in(browser, hub, user):
    """A new page of `browser`, logged in to the hub as `user` through its login form (PAM)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(60_000)
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    return page
