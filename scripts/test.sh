#!/usr/bin/env bash
# Runs every test: unit, integration against a real Azurite (the fixtures start their own), API,
# end-to-end and the Azure adapter's; compiles the Bicep. Installs what is missing first.
# Exit code 0 only when all pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
enter_repo

# The solution holds every project: the control plane, the Azure Functions adapter and its tests
# (against the real Functions and Durable packages), the media host, and infra/ (Bicep compiled
# by the CLI from NuGet, linter warnings failing the build). A failed restore fails the run.
log "building"
dotnet build Conference.sln -c Release -nologo -v quiet

log "testing"
test_log="${TMPDIR:-/tmp}/conference-test.log"
set +e
dotnet test Conference.sln -c Release --no-build -nologo --logger "console;verbosity=normal" >"$test_log" 2>&1
status=$?
set -e
# Each failed test with the first 80 lines of its message and stack, so CI's own output says why.
awk '
  /^  Failed [A-Za-z]/                        { shown = 80; print; next }
  /^  (Passed|Skipped) [A-Za-z]/ || /^Total tests/ { shown = 0 }
  /^Test Run (Successful|Failed)/             { print; next }
  shown > 0                                   { print; shown-- }' "$test_log"
[ "$status" -eq 0 ] || log "tests failed: the whole output is in $test_log"
# One closing line for the whole run, summed over every test assembly's "Passed: N" / "Failed: N" / "Skipped: N".
awk '
  /^ *Passed: *[0-9]+ *$/  { p += $2 }
  /^ *Failed: *[0-9]+ *$/  { f += $2 }
  /^ *Skipped: *[0-9]+ *$/ { s += $2 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$test_log"
exit "$status"
