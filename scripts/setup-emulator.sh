#!/usr/bin/env bash
# Creates (or reuses) the project-local Python venv holding the pinned moto server used by the
# integration tests, the demo and the benchmarks. Idempotent: a venv with the right moto is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
MOTO_VERSION="5.2.5"
VENV=".venv"
PY="${PYTHON:-python3}"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(0 if m.version('moto') == '$MOTO_VERSION' else 1)" 2>/dev/null \
   && "$VENV/bin/python" -c "import flask, flask_cors" 2>/dev/null; then
  exit 0
fi

command -v "$PY" >/dev/null || { echo "setup-emulator: $PY not found; install Python 3.9+ (moto server runs on it)" >&2; exit 1; }
echo "setup-emulator: installing moto[server]==$MOTO_VERSION into $VENV (one time)" >&2
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >"$VENV/pip-install.log" 2>&1 \
  || { cat "$VENV/pip-install.log" >&2; echo "setup-emulator: pip install failed (log above)" >&2; exit 1; }
"$VENV/bin/python" -c "import importlib.metadata as m; print('setup-emulator: moto', m.version('moto'), 'ready', flush=True)" >&2
