#!/usr/bin/env bash
# The test command (README and CI). Runs ruff and mypy, then pytest; when gnome-keyring and D-Bus are installed (CI installs them)
# the tests run inside a private D-Bus session with a fresh, unlocked Secret Service keyring, so the real OS
# keyring is tested too. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

if [ -z "${LW_INSIDE_DBUS:-}" ] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    export LW_INSIDE_DBUS=1
    exec dbus-run-session -- "$0" "$@"
fi

keyring_pid=""
if [ -n "${LW_INSIDE_DBUS:-}" ]; then
    tmp="$(mktemp -d)"
    export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
    mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    printf 'ci-password' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
    keyring_pid=$!
    for _ in $(seq 1 100); do
        if dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
            string:org.freedesktop.secrets 2>/dev/null | grep -q true; then
            export LW_REQUIRE_REAL_KEYRING=1
            break
        fi
        sleep 0.1
    done
    if [ -z "${LW_REQUIRE_REAL_KEYRING:-}" ]; then
        # CI must test the real keyring: a daemon that did not start fails the run instead of skipping the test
        [ "${CI:-}" = "true" ] && { echo "CI: gnome-keyring did not start (the real-keyring test cannot run)" >&2; exit 2; }
        echo "warning: gnome-keyring did not start; the real-keyring test will be skipped" >&2
    fi
elif [ "${CI:-}" = "true" ]; then
    echo "CI needs dbus-run-session and gnome-keyring-daemon (see .ci/run)" >&2
    exit 2
fi

set +e
# the static checks first (seconds): lint over everything, types over the Qt-free layers (pyproject's [tool.*])
.venv/bin/ruff check --quiet ledgerwizard ledgerwizard_sandbox tests scripts benchmarks \
    && .venv/bin/mypy --no-error-summary
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "static checks failed (ruff/mypy above); the tests were not run" >&2
    [ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null || true
    exit "$rc"
fi
.venv/bin/python -m pytest --all "$@"
rc=$?
set -e
[ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null || true
exit $rc
