#!/usr/bin/env bash
# Installs what tests/hub needs, on a fresh Debian 12 machine, as root.
# Idempotent: every step first checks whether its result is already there,
# so a second run takes a second or two.
#
#   Debian:  chromium (the browser test), postgresql (the gradebook test),
#            python3-venv, nodejs + npm (for the proxy)
#   npm:     configurable-http-proxy (JupyterHub's proxy), global
#   /opt/backprop-hub/venv: JupyterHub and the course, for the hub and for
#            every user's server. It cannot be the project's .venv: that one's
#            Python lives under /root (mode 700), which students cannot execute.
#   .venv:   playwright and psycopg2-binary, for the tests themselves
#
# Versions are pinned: the hub tests were run with exactly these.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

HUB_PREFIX=${HUB_PREFIX:-/opt/backprop-hub}
HUB_VENV=$HUB_PREFIX/venv
PROJECT_PY=${PROJECT_PY:-$REPO/.venv/bin/python}
JUPYTERHUB=jupyterhub==6.1.1
PROXY=configurable-http-proxy@5.3.0
PLAYWRIGHT=playwright==1.65.2
PSYCOPG=psycopg2-binary==2.9.13

if [ "$(id -u)" -ne 0 ]; then
    echo "install_test_deps.sh: run as root (it installs Debian packages and creates $HUB_PREFIX)" >&2
    exit 1
fi
if [ ! -x "$PROJECT_PY" ]; then
    echo "install_test_deps.sh: no project venv at $PROJECT_PY; run 'make install' first" >&2
    exit 1
fi

# ---------------------------------------------------------------- Debian packages
missing=()
command -v chromium >/dev/null || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
/usr/bin/python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
    echo "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---------------------------------------------------------------- the proxy
if ! command -v configurable-http-proxy >/dev/null; then
    echo "npm install -g $PROXY"
    npm install -g --silent --no-fund --no-audit "$PROXY"
fi

# ---------------------------------------------------------------- the hub's and users' environment
# The course is installed (not editable) so that users never read the repository;
# a stamp of its files tells when the installed copy is stale.
stamp=$(cd "$REPO" && cat pyproject.toml gradcheck.py testcell.py autograder/*.py lec2_data/* 2>/dev/null | sha256sum | cut -c1-16)
if [ ! -x "$HUB_VENV/bin/jupyterhub" ] || [ "$(cat "$HUB_VENV/.course-stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "installing JupyterHub and the course into $HUB_VENV"
    [ -x "$HUB_VENV/bin/python" ] || /usr/bin/python3 -m venv "$HUB_VENV"
    "$HUB_VENV/bin/pip" install --quiet --upgrade pip
    "$HUB_VENV/bin/pip" install --quiet "$JUPYTERHUB" "$PSYCOPG" "$REPO"
    # pip leaves a build/ folder in the repository; it is not ours to keep
    rm -rf "$REPO/build"
    echo "$stamp" > "$HUB_VENV/.course-stamp"
fi
chmod -R a+rX "$HUB_PREFIX"

# ---------------------------------------------------------------- the tests' own packages
if ! "$PROJECT_PY" -c "import playwright, psycopg2" 2>/dev/null; then
    echo "installing $PLAYWRIGHT $PSYCOPG into the project venv"
    "$PROJECT_PY" -m pip install --quiet "$PLAYWRIGHT" "$PSYCOPG"
fi
echo "hub test dependencies ready: $HUB_VENV, $(command -v configurable-http-proxy), $(command -v chromium)"
