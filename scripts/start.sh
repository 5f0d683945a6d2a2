#!/usr/bin/env bash
# Starts the whole local stack: Azurite and the control plane (API + entity runtime).
# Installs what is missing, prints where everything listens, and runs until Ctrl-C.
# Settings: see the README's table (CONFERENCE_* environment variables).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
enter_repo

host=${CONFERENCE_AZURITE_HOST:-127.0.0.1}
blob=${CONFERENCE_AZURITE_BLOB_PORT:-10000}
queue=${CONFERENCE_AZURITE_QUEUE_PORT:-10001}
table=${CONFERENCE_AZURITE_TABLE_PORT:-10002}
data=${CONFERENCE_DATA_DIR:-$root/.local}
export CONFERENCE_DATA_DIR=$data
mkdir -p "$data/azurite"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ -z "${CONFERENCE_STORAGE:-}" ]; then
  node node_modules/azurite/dist/src/azurite.js --silent --disableTelemetry --skipApiVersionCheck \
    --location "$data/azurite" --blobHost "$host" --blobPort "$blob" --queueHost "$host" --queuePort "$queue" \
    --tableHost "$host" --tablePort "$table" &
  pids+=($!)
  wait_for_port "$host" "$table" 30 || { log "Azurite did not start on $host:$table"; exit 1; }
  log "Azurite: blob http://$host:$blob, queue http://$host:$queue, table http://$host:$table (data in $data/azurite)"
fi

log "building the control plane"
dotnet build functions/Conference.LocalHost -c Release -nologo -v quiet >/dev/null
dotnet functions/Conference.LocalHost/bin/Release/net10.0/Conference.LocalHost.dll &
pids+=($!)
api=${CONFERENCE_API_URL:-http://127.0.0.1:7070}
for _ in $(seq 1 150); do
  curl -fsS "$api/health" >/dev/null 2>&1 && break
  kill -0 "${pids[-1]}" 2>/dev/null || { log "the control plane exited"; exit 1; }
  sleep 0.2
done
log "control plane: $api/v1.0 (media host expected at ${CONFERENCE_MEDIA_HOST_URL:-http://127.0.0.1:7080})"
log "stop with Ctrl-C"
wait -n "${pids[@]}"
