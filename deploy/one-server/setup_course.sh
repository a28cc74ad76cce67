#!/usr/bin/env bash
# Sets up the course `backprop` on one machine, as root. Idempotent: run it
# again after editing the roster to add people.
#
#   deploy/one-server/setup_course.sh ROSTER
#
# ROSTER has lines "<instructor|student> <user> [first] [last] [email]" (see roster.example). It makes:
#   - the system users (home 0700: nobody reads another's notebooks or feedback);
#   - Unix groups nbgrader-backprop (everyone in the course) and
#     formgrade-backprop (the graders), named as the JupyterHub groups;
#   - the exchange $NBGRADER_EXCHANGE (1777, as nbgrader wants it) inside a
#     folder only nbgrader-backprop can enter, so other users of the machine
#     cannot even see the course; in it the course's folder, the graders', whose
#     inbound folder lets students add a submission but not read anyone's;
#   - $BACKPROP_ETC: jupyterhub_config.py, templates/, the roster (graders only) and the
#     instructor's and the student's Jupyter configuration, all replaced on every run,
#     and site_config.py, the site's own hub settings (root only), made once and never replaced;
#   - this clone's assignments/ (the course with its solutions) closed to all but its owner;
#   - each instructor's course root ~/backprop: the repository's assignments/
#     (source with solutions and reference data), readable by that instructor only,
#     with the roster's students and their names in its gradebook.
# It sets no passwords: give each user one with `passwd USER` (PAM logs them in).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROSTER=${1:?usage: setup_course.sh ROSTER}
ETC=${BACKPROP_ETC:-/etc/backprop-course}
EXCHANGE=${NBGRADER_EXCHANGE:-/srv/backprop/exchange}
VENV=${BACKPROP_VENV:-/opt/backprop-hub/venv}
COURSE=backprop
GRADERS=formgrade-$COURSE
STUDENTS=nbgrader-$COURSE

[ "$(id -u)" -eq 0 ] || { echo "setup_course.sh: run as root" >&2; exit 1; }
[ -f "$ROSTER" ] || { echo "setup_course.sh: no roster file $ROSTER" >&2; exit 1; }
[ -x "$VENV/bin/python" ] || { echo "setup_course.sh: no course environment $VENV (BACKPROP_VENV); install it first" >&2; exit 1; }

# This clone's course (solutions, hidden tests, reference data, and any gradebook a local
# run left): the instructors' copies are made from it, nobody else may read it. A clone under
# /srv or /opt is world-readable by default; a student's kernel could read the solutions there.
chmod -R go-rwx "$REPO/assignments"

groupadd -f "$GRADERS"
groupadd -f "$STUDENTS"

instructors=()
while read -r role user _; do
    case "$role" in ''|\#*) continue ;; instructor|student) ;; *)
        echo "setup_course.sh: unknown role '$role' in $ROSTER" >&2; exit 1 ;;
    esac
    id -u "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
    # Debian's useradd leaves homes world-readable (UMASK 022): close them
    chmod 0700 "$(getent passwd "$user" | cut -d: -f6)"
    usermod -aG "$STUDENTS" "$user"   # graders too: they must reach the exchange
    if [ "$role" = instructor ]; then
        usermod -aG "$GRADERS" "$user"
        instructors+=("$user")
    fi
done < "$ROSTER"

# The exchange. nbgrader insists on mode 777 for its root (and would try to
# chmod it); the sticky bit keeps students from removing what others put there.
# Its parent is the course's fence: only nbgrader-backprop may enter.
parent=$(dirname "$EXCHANGE")
install -d -m 0750 -o root -g "$STUDENTS" "$parent"
install -d -m 1777 -o root -g root "$EXCHANGE"
# The course's folder in it belongs to the first instructor (nbgrader's release insists on owning it) and to
# the graders' group, setgid, so that what nbgrader makes inside is the graders' too. Its inbound folder:
# students may add a submission (-wx) but not list, read or rename anyone's (no r for others; sticky), and
# each submission is made the student's and the graders' alone, 0770/0660 (autograder.nbgrader_side.exchange.SubmitPrivately;
# nbgrader's own submit leaves it 0777, open to anyone who learns its name).
if [ ${#instructors[@]} -gt 0 ]; then
    install -d -m 2755 -o "${instructors[0]}" -g "$GRADERS" "$EXCHANGE/$COURSE"
    install -d -m 3733 -o "${instructors[0]}" -g "$GRADERS" "$EXCHANGE/$COURSE/inbound"
    # submissions made before (nbgrader's 0777): closed as SubmitPrivately closes new ones (links are not followed)
    find "$EXCHANGE/$COURSE/inbound" -mindepth 1 -type d -exec chgrp "$GRADERS" {} + -exec chmod 0770 {} +
fi

install -d -m 0755 "$ETC" "$ETC/templates" "$ETC/jupyter/instructor" "$ETC/jupyter/student/labconfig"
install -m 0644 "$HERE/jupyterhub_config.py" "$ETC/jupyterhub_config.py"
# The site's own settings (bind address, TLS, port, ...): made once, never overwritten.
[ -e "$ETC/site_config.py" ] || install -m 0600 "$HERE/site_config.example.py" "$ETC/site_config.py"
# The hub (root) alone reads it: a site puts its secrets there (TLS key paths, API tokens of services).
chown root:root "$ETC/site_config.py" && chmod 0600 "$ETC/site_config.py"
install -m 0644 "$HERE/templates/home.html" "$ETC/templates/home.html"
# Everyone's name and email: for the hub (root) and the graders (the roster command below runs as them), not students.
install -m 0640 -o root -g "$GRADERS" "$ROSTER" "$ETC/roster"
install -m 0644 "$HERE/jupyter/instructor/nbgrader_config.py" "$HERE/jupyter/instructor/jupyter_server_config.json" \
    "$ETC/jupyter/instructor/"
install -m 0644 "$HERE/jupyter/student/nbgrader_config.py" "$HERE/jupyter/student/jupyter_server_config.json" \
    "$ETC/jupyter/student/"
install -m 0644 "$HERE/jupyter/student/labconfig/page_config.json" "$ETC/jupyter/student/labconfig/"

# Each instructor's course root: config and source, never overwritten once there
# (it holds the gradebook and the submissions). The roster's students, with their
# names, go into its gradebook (formgrader lists them by name), as that instructor.
for user in "${instructors[@]}"; do
    home=$(getent passwd "$user" | cut -d: -f6)
    if [ ! -d "$home/$COURSE" ]; then
        install -d -m 0700 -o "$user" -g "$user" "$home/$COURSE"
        cp -r "$REPO/assignments/nbgrader_config.py" "$REPO/assignments/source" "$home/$COURSE/"
        chown -R "$user:$user" "$home/$COURSE"
    fi
    (cd "$home/$COURSE" && runuser -u "$user" -- "$VENV/bin/python" -m autograder roster "$ETC/roster" \
        --course "$home/$COURSE")
done
echo "course $COURSE set up: config in $ETC, exchange $EXCHANGE, instructors: ${instructors[*]:-none}"
