#!/usr/bin/env bash
# Creates .venv from requirements.lock (hash-checked) and installs ledgerwizard into it, once per lock change.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "ledgerwizard needs Python 3.11 or newer (found: $("$PY" --version 2>&1))." >&2
    exit 2
fi
stamp=".venv/.lock-$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    rm -rf .venv
    "$PY" -m venv .venv
    .venv/bin/python -m pip install -qq --upgrade pip
    .venv/bin/python -m pip install -qq --require-hashes -r requirements.lock
    .venv/bin/python -m pip install -qq --no-deps -e .
    touch "$stamp"
fi
