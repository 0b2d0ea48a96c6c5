#!/usr/bin/env bash
# Regenerates requirements.lock (hash-pinned, all platforms) from pyproject.toml with uv in a throw-away venv.
set -euo pipefail
cd "$(dirname "$0")/.."
tool="$(mktemp -d)"
python3 -m venv "$tool"
"$tool/bin/python" -m pip install -qq uv
"$tool/bin/uv" pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 --universal \
    -o requirements.lock
rm -rf "$tool"
