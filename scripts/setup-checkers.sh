#!/usr/bin/env bash
# Creates (or reuses) .venv-checkers, the project-local venv holding the pinned template checkers that `npm test` runs on
# the packaged CloudFormation template (test/integration/scripts/template-checkers.test.ts). Idempotent: a venv with the
# right versions is reused.
#
# A venv of its own, not the moto one (.venv): checkov pins boto3==1.35.49 and networkx<2.7, so installing it next to
# moto[server] would downgrade the emulator's boto3/botocore (1.44) and networkx (3.x, for cfn-lint), under a venv that
# other worktrees share. cfn-lint is pinned here too, so its version no longer rides on moto's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
CFN_LINT_VERSION="1.58.0"
CHECKOV_VERSION="3.3.30"
VENV=".venv-checkers"
PY="${PYTHON:-python3}"

versions_ok() {
  "$VENV/bin/python" -c "
import importlib.metadata as m, sys
sys.exit(0 if (m.version('cfn-lint'), m.version('checkov')) == ('$CFN_LINT_VERSION', '$CHECKOV_VERSION') else 1)" 2>/dev/null
}

if [ -x "$VENV/bin/python" ] && versions_ok && [ -x "$VENV/bin/cfn-lint" ] && [ -x "$VENV/bin/checkov" ]; then
  exit 0
fi

command -v "$PY" >/dev/null || { echo "setup-checkers: $PY not found; install Python 3.9+ (cfn-lint and checkov run on it)" >&2; exit 1; }
echo "setup-checkers: installing cfn-lint==$CFN_LINT_VERSION and checkov==$CHECKOV_VERSION into $VENV (one time)" >&2
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION" "checkov==$CHECKOV_VERSION" >"$VENV/pip-install.log" 2>&1 \
  || { cat "$VENV/pip-install.log" >&2; echo "setup-checkers: pip install of cfn-lint/checkov failed (log above)" >&2; exit 1; }
versions_ok || { echo "setup-checkers: $VENV does not hold cfn-lint $CFN_LINT_VERSION and checkov $CHECKOV_VERSION after pip install (see $VENV/pip-install.log)" >&2; exit 1; }
echo "setup-checkers: cfn-lint $CFN_LINT_VERSION and checkov $CHECKOV_VERSION ready" >&2
