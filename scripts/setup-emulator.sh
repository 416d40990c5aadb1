#!/usr/bin/env bash
# Creates (or reuses) the project-local Python venv holding the pinned moto server used by the integration tests, the
# demo and the benchmarks, and the pinned AWS CLI the tests run the printed undo commands with (.venv/bin/aws).
# Idempotent: a venv with the right moto and AWS CLI is reused; one missing only the CLI gets only the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
MOTO_VERSION="5.2.5"
AWSCLI_VERSION="1.46.3"
VENV=".venv"
PY="${PYTHON:-python3}"

has() { "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(0 if m.version('$1') == '$2' else 1)" 2>/dev/null; }

if [ -x "$VENV/bin/python" ] && has moto "$MOTO_VERSION" && "$VENV/bin/python" -c "import flask, flask_cors" 2>/dev/null; then
  has awscli "$AWSCLI_VERSION" && [ -x "$VENV/bin/aws" ] && exit 0
  echo "setup-emulator: installing awscli==$AWSCLI_VERSION into $VENV (one time)" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "awscli==$AWSCLI_VERSION" >"$VENV/pip-install.log" 2>&1 \
    || { cat "$VENV/pip-install.log" >&2; echo "setup-emulator: pip install failed (log above)" >&2; exit 1; }
  exit 0
fi

command -v "$PY" >/dev/null || { echo "setup-emulator: $PY not found; install Python 3.9+ (moto server runs on it)" >&2; exit 1; }
echo "setup-emulator: installing moto[server]==$MOTO_VERSION and awscli==$AWSCLI_VERSION into $VENV (one time)" >&2
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" "awscli==$AWSCLI_VERSION" >"$VENV/pip-install.log" 2>&1 \
  || { cat "$VENV/pip-install.log" >&2; echo "setup-emulator: pip install failed (log above)" >&2; exit 1; }
"$VENV/bin/python" -c "import importlib.metadata as m; print('setup-emulator: moto', m.version('moto'), 'and awscli', m.version('awscli'), 'ready', flush=True)" >&2
