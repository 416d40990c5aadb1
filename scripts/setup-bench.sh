#!/usr/bin/env bash
# Creates (or reuses) .venv-bench, the project-local venv holding the pinned Cloud Custodian (c7n) that `npm run bench`
# runs side by side with chain-guard's sweep against the same moto server. Idempotent: a venv with the right c7n is reused.
#
# A venv of its own, not the moto one (.venv): c7n 0.9.53 pins exact versions (boto3==1.43.103, botocore 1.43.x,
# PyYAML==6.0.3, cryptography==50.0.1), so installing it next to moto[server] 5.2.5 would downgrade the emulator's
# boto3/botocore (1.44.18) under a venv that the tests and other worktrees share. Custodian talks to moto over HTTP
# (AWS_ENDPOINT_URL), so it needs nothing from the emulator's venv.
set -euo pipefail
cd "$(dirname "$0")/.."
C7N_VERSION="0.9.53"
VENV=".venv-bench"
PY="${PYTHON:-python3}"

version_ok() {
  "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(0 if m.version('c7n') == '$C7N_VERSION' else 1)" 2>/dev/null
}

if [ -x "$VENV/bin/custodian" ] && version_ok; then
  exit 0
fi

command -v "$PY" >/dev/null || { echo "setup-bench: $PY not found; install Python 3.9+ (Cloud Custodian runs on it)" >&2; exit 1; }
echo "setup-bench: installing c7n==$C7N_VERSION into $VENV (one time)" >&2
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "c7n==$C7N_VERSION" >"$VENV/pip-install.log" 2>&1 \
  || { cat "$VENV/pip-install.log" >&2; echo "setup-bench: pip install of c7n failed (log above)" >&2; exit 1; }
version_ok || { echo "setup-bench: $VENV does not hold c7n $C7N_VERSION after pip install (see $VENV/pip-install.log)" >&2; exit 1; }
echo "setup-bench: c7n $C7N_VERSION ready" >&2
