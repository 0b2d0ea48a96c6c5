#!/usr/bin/env bash
# Update the translation sources from the code (Qt's lupdate) and compile them (lrelease) into resources/i18n.
# Translate new strings in resources/i18n/*.ts with Qt Linguist (pyside6-linguist) before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
for ts in resources/i18n/ledgerwizard_*.ts; do
    .venv/bin/pyside6-lupdate $(find ledgerwizard/ui -name "*.py" | sort) -ts "$ts" -no-obsolete -source-language en
    .venv/bin/pyside6-lrelease "$ts" -qm "${ts%.ts}.qm"
done
# Qt's own texts in bokmål (Qt ships none): a catalogue of ours, compiled only (its sources are Qt's, not our code)
for ts in resources/i18n/qtbase_*.ts; do
    .venv/bin/pyside6-lrelease "$ts" -qm "${ts%.ts}.qm"
done
