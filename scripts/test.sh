#!/usr/bin/env bash
# Runs every test: unit, integration against a real Azurite (the fixtures start their own),
# and API tests. Installs what is missing first. Exit code 0 only when all pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
enter_repo

log "building"
dotnet build Conference.sln -c Release -nologo -v quiet

# The Azure Functions adapter is outside the solution: its packages are absent from this
# machine's package source. Try it; a restore that fails only for absent packages is said in
# one line, any other failure fails the run, and where it restores it is built.
log "restoring the Azure Functions adapter"
if restore=$(dotnet restore functions/Conference.Functions/Conference.Functions.csproj -nologo 2>&1); then
  dotnet build functions/Conference.Functions/Conference.Functions.csproj -c Release -nologo -v quiet --no-restore
  log "Conference.Functions built"
else
  absent=$(grep -oE "NU110[12]: Unable to find package [^ ]+" <<<"$restore" | awk '{sub(/\.$/, "", $NF); print $NF}' | sort -u | tr '\n' ' ' || true)
  other=$(grep -E "error" <<<"$restore" | grep -vE "NU110[12]" || true)
  if [ -n "$absent" ] && [ -z "$other" ]; then
    echo "Conference.Functions: not built here: packages absent from the package source: $absent"
  else
    printf '%s\n' "$restore" >&2
    log "restoring Conference.Functions failed for a reason other than absent packages"
    exit 1
  fi
fi
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
