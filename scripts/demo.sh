#!/usr/bin/env bash
# Runs the product's demo in a throw-away profile (README's first command).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
exec .venv/bin/ledgerwizard demo "$@"
