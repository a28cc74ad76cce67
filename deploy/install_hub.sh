#!/usr/bin/env bash
# Installs what a server of the course runs, on a fresh Debian 12 machine, as root, and nothing
# else: no browser, no database server, no test library (deploy/install_test_deps.sh adds those
# for the tests, on top of this). Idempotent: every step first checks whether its result is
# already there, so a second run takes a second or two.
#
#   Debian:  python3-venv (the venv below), nodejs + npm (for the proxy),
#            bubblewrap (the sandbox student code is graded in; deploy/install_sandbox.sh)
#   npm:     configurable-http-proxy (JupyterHub's proxy), global
#   $BACKPROP_VENV (default /opt/backprop-hub/venv): JupyterHub and the course, for the hub
#            and for every user's server, with JupyterLab's Japanese language pack (each user
#            may choose 日本語 in Settings › Language; English stays the default). Every user
#            runs its Python, so every folder above it must let others through (not /root,
#            mode 0700); the script refuses otherwise.
#
# Versions are pinned: the hub tests were run with exactly these.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)

VENV=${BACKPROP_VENV:-/opt/backprop-hub/venv}
JUPYTERHUB=jupyterhub==6.1.1
PROXY=configurable-http-proxy@5.3.0
# JupyterLab's menus and dialogs in Japanese, for the users who choose it (translations only: no code)
LANGUAGE_PACKS=jupyterlab-language-pack-ja-JP==4.5.post3

if [ "$(id -u)" -ne 0 ]; then
    echo "install_hub.sh: run as root (it installs Debian packages and creates $VENV)" >&2
    exit 1
fi
case "$VENV" in /*) ;; *) echo "install_hub.sh: BACKPROP_VENV must be an absolute path, not '$VENV'" >&2; exit 1 ;; esac
# Users' servers run this venv's Python: every folder above it must let them through
# (the folders made here are 0755).
folder=$VENV
while [ "$folder" != / ]; do
    folder=$(dirname "$folder")
    [ -e "$folder" ] || continue
    mode=$(stat -L -c %A "$folder")
    case "${mode:9:1}" in x|t) ;; *)
        echo "install_hub.sh: users could not run $VENV: $folder is $mode (others may not pass);" \
             "choose another BACKPROP_VENV" >&2
        exit 1 ;;
    esac
done

# ---------------------------------------------------------------- Debian packages
missing=()
/usr/bin/python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
    echo "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
bash "$HERE/install_sandbox.sh"

# ---------------------------------------------------------------- the proxy
if ! command -v configurable-http-proxy >/dev/null; then
    echo "npm install -g $PROXY"
    npm install -g --silent --no-fund --no-audit "$PROXY"
fi

# ---------------------------------------------------------------- the hub's and users' environment
install -d -m 0755 "$(dirname "$VENV")"
# The course is installed (not editable) so that users never read the repository;
# a stamp of its files and of the pins above tells when the installed copy is stale.
# (every file of the autograder package, in its subfolders too: a stamp of autograder/*.py alone
# missed a change of autograder/grading/, and the hub kept grading with the old code)
stamp=$( (echo "$JUPYTERHUB $LANGUAGE_PACKS"; cd "$REPO" && cat pyproject.toml gradcheck.py testcell.py plotfonts.py \
    $(find autograder -type f \( -name '*.py' -o -name '*.j2' \) | sort) lec2_data/* 2>/dev/null) | sha256sum | cut -c1-16)
if [ ! -x "$VENV/bin/jupyterhub" ] || [ "$(cat "$VENV/.course-stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "installing JupyterHub, $LANGUAGE_PACKS and the course into $VENV"
    [ -x "$VENV/bin/python" ] || /usr/bin/python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet "$JUPYTERHUB" $LANGUAGE_PACKS "$REPO"
    # pip leaves a build/ folder in the repository; it is not ours to keep
    rm -rf "$REPO/build"
    echo "$stamp" > "$VENV/.course-stamp"
fi
chmod -R a+rX "$VENV"
echo "hub ready: $VENV, $(command -v configurable-http-proxy), $(command -v bwrap)"
