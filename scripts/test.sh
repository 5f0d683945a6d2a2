#!/usr/bin/env bash
# Runs every test: unit, integration against a real Azurite (the fixtures start their own),
# and API tests. Installs what is missing first. Exit code 0 only when all pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
enter_repo

log "building"
dotnet build Conference.sln -c Release -nologo -v quiet

# The Azure Functions adapter and its Moq tests are outside the solution: their packages are
# absent from this machine's package source. Try each; a restore that fails only for absent
# packages is said in one line, any other failure fails the run, and where it restores it is
# built (and its tests run with the others below).
functions_tests=()
for project in functions/Conference.Functions/Conference.Functions.csproj tests/Conference.Functions.Tests/Conference.Functions.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log "restoring $name"
  if restore=$(dotnet restore "$project" -nologo 2>&1); then
    dotnet build "$project" -c Release -nologo -v quiet --no-restore
    log "$name built"
    if [[ "$name" == *.Tests ]]; then functions_tests+=("$project"); fi
  else
    absent=$(grep -oE "NU110[12]: Unable to find package [^ ]+" <<<"$restore" | awk '{sub(/\.$/, "", $NF); print $NF}' | sort -u | tr '\n' ' ' || true)
    other=$(grep -E "error" <<<"$restore" | grep -vE "NU110[12]" || true)
    if [ -n "$absent" ] && [ -z "$other" ]; then
      echo "$name: not built here: packages absent from the package source: $absent(its sources are compiled and tested against signature stand-ins in Conference.Functions.Stubbed)"
    else
      printf '%s\n' "$restore" >&2
      log "restoring $name failed for a reason other than absent packages"
      exit 1
    fi
  fi
done
log "testing"
test_log="${TMPDIR:-/tmp}/conference-test.log"
set +e
dotnet test Conference.sln -c Release --no-build -nologo --logger "console;verbosity=normal" >"$test_log" 2>&1
status=$?
for project in "${functions_tests[@]}"; do
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" >>"$test_log" 2>&1 || status=1
done
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
