#!/usr/bin/env bash
# Installs what tests/hub needs, on a fresh Debian 12 machine, as root: first what a server of
# the course runs (deploy/install_hub.sh: the hub, the proxy, the course's venv, bubblewrap),
# then the test tools, which a server never needs. Idempotent: every step first checks whether
# its result is already there, so a second run takes a second or two.
#
#   Debian:  chromium (the browser tests), fonts-noto-cjk (so that Chromium draws the Japanese
#            edition's kana and kanji in screenshots, not empty boxes), postgresql (the gradebook
#            test), systemd (systemd-analyze, which checks backprop-hub.service)
#   .venv:   playwright and psycopg2-binary, for the tests themselves ($PROJECT_PY)
#
# Versions are pinned: the hub tests were run with exactly these.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)

PROJECT_PY=${PROJECT_PY:-$REPO/.venv/bin/python}
PLAYWRIGHT=playwright==1.65.2
PSYCOPG=psycopg2-binary==2.9.13

if [ "$(id -u)" -ne 0 ]; then
    echo "install_test_deps.sh: run as root (it installs Debian packages)" >&2
    exit 1
fi
if [ ! -x "$PROJECT_PY" ]; then
    echo "install_test_deps.sh: no project venv at $PROJECT_PY; run 'make install' first" >&2
    exit 1
fi

# ---------------------------------------------------------------- what a server runs
bash "$HERE/install_hub.sh"

# ---------------------------------------------------------------- Debian packages of the tests
missing=()
command -v chromium >/dev/null || missing+=(chromium)
dpkg-query -W -f '${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || missing+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v systemd-analyze >/dev/null || missing+=(systemd)
if [ ${#missing[@]} -gt 0 ]; then
    echo "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---------------------------------------------------------------- the tests' own packages
if ! "$PROJECT_PY" -c "import playwright, psycopg2" 2>/dev/null; then
    echo "installing $PLAYWRIGHT $PSYCOPG into the project venv"
    "$PROJECT_PY" -m pip install --quiet "$PLAYWRIGHT" "$PSYCOPG"
fi
echo "hub test dependencies ready: $(command -v chromium), fonts-noto-cjk, $(command -v systemd-analyze), PostgreSQL, Playwright"
