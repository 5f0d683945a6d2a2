#!/usr/bin/env bash
# Runs every test: unit, integration against a real Azurite (the fixtures start their own),
# and API tests. Installs what is missing first. Exit code 0 only when all pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
enter_repo

log "building"
dotnet build Conference.sln -c Release -nologo -v quiet
log "testing"
test_log="${TMPDIR:-/tmp}/conference-test.log"
set +e
dotnet test Conference.sln -c Release --no-build -nologo --logger "console;verbosity=normal" >"$test_log" 2>&1
status=$?
set -e
grep -E '\[FAIL\]|^\s+Failed [A-Z]|Error Message|Test Run (Successful|Failed)' "$test_log" || true
[ "$status" -eq 0 ] || log "tests failed: the whole output is in $test_log"
# One closing line for the whole run, summed over every test assembly's "Passed: N" / "Failed: N" / "Skipped: N".
awk '
  /^ *Passed: *[0-9]+ *$/  { p += $2 }
  /^ *Failed: *[0-9]+ *$/  { f += $2 }
  /^ *Skipped: *[0-9]+ *$/ { s += $2 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$test_log"
exit "$status"
