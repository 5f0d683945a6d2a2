#!/usr/bin/env bash
# Runs every test: unit, integration against a real Azurite (the fixtures start their own),
# and API tests. Installs what is missing first. Exit code 0 only when all pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(repo_root)
cd "$root"
ensure_tools
ensure_node_modules

log "building"
dotnet build Conference.sln -c Release -nologo -v quiet
log "testing"
test_log="${TMPDIR:-/tmp}/conference-test.log"
set +e
dotnet test Conference.sln -c Release --no-build -nologo --logger "console;verbosity=normal" >"$test_log" 2>&1
status=$?
set -e
grep -E '^\s*(Passed|Failed|Skipped)!|\[FAIL\]|^\s+Failed |error|Assert\.' "$test_log" || true
[ "$status" -eq 0 ] || log "tests failed: the whole output is in $test_log"
# One closing line for the whole run, summed over every test assembly.
grep -E '^\s*(Passed|Failed)!' "$test_log" | awk '
  { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
exit "$status"
