#!/usr/bin/env bash
# Creates (or reuses) .venv-prowler, the project-local venv holding the pinned Prowler that `npm run checkers` runs
# against the emulator (scripts/checkers.ts). Not part of `npm test`: the pip install of Prowler and its many cloud
# SDKs is slow (see bench/checkers.md for the measured time). Idempotent: a venv with the right version is reused.
#
# A venv of its own: Prowler pins its own boto3/botocore and pydantic, which must not move moto's (.venv) or
# checkov's (.venv-checkers).
set -euo pipefail
cd "$(dirname "$0")/.."
PROWLER_VERSION="5.46.0"
VENV=".venv-prowler"
PY="${PYTHON:-python3}"

version_ok() {
  "$VENV/bin/python" -c "
import importlib.metadata as m, sys
sys.exit(0 if m.version('prowler') == '$PROWLER_VERSION' else 1)" 2>/dev/null
}

if [ -x "$VENV/bin/prowler" ] && version_ok; then
  exit 0
fi

command -v "$PY" >/dev/null || { echo "setup-prowler: $PY not found; install Python 3.9-3.12 (Prowler runs on it)" >&2; exit 1; }
echo "setup-prowler: installing prowler==$PROWLER_VERSION into $VENV (one time, slow: several minutes)" >&2
started=$SECONDS
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "prowler==$PROWLER_VERSION" >"$VENV/pip-install.log" 2>&1 \
  || { cat "$VENV/pip-install.log" >&2; echo "setup-prowler: pip install of prowler failed (log above)" >&2; exit 1; }
version_ok || { echo "setup-prowler: $VENV does not hold prowler $PROWLER_VERSION after pip install (see $VENV/pip-install.log)" >&2; exit 1; }
echo $((SECONDS - started)) > "$VENV/install-seconds"
echo "setup-prowler: prowler $PROWLER_VERSION ready (installed in $((SECONDS - started)) s)" >&2
