#!/usr/bin/env bash
# Starts the whole local stack: Azurite, the control plane (API + entity runtime) and the media host.
# Installs what is missing, prints where everything listens, and runs until Ctrl-C. Like a container
# restart policy, a process that exits on its own is started again (and said so); Ctrl-C stops all.
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
cleanup() {
  local code=$?
  trap - EXIT INT TERM HUP
  stop_in_reverse "${pids[@]}"
  exit "$code"
}
trap cleanup EXIT INT TERM HUP

# Runs a command in the background, starting it again whenever it exits, until this script stops it.
supervise() { # name command...
  local name=$1; shift
  (
    child=0
    trap 'kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM
    trap '' INT HUP # a Ctrl-C is this script's to handle: it stops the processes in order
    while true; do
      # In a session of its own, so that a Ctrl-C reaches only this script, which stops all in order.
      setsid "$@" &
      child=$!
      code=0
      wait "$child" || code=$?
      log "$name exited (code $code); starting it again in 1 s"
      sleep 1
    done
  ) &
  pids+=($!)
}

if [ -z "${CONFERENCE_STORAGE:-}" ]; then
  supervise Azurite node node_modules/azurite/dist/src/azurite.js --silent --disableTelemetry --skipApiVersionCheck \
    --location "$data/azurite" --blobHost "$host" --blobPort "$blob" --queueHost "$host" --queuePort "$queue" \
    --tableHost "$host" --tablePort "$table"
  wait_for_port "$host" "$table" 30 || { log "Azurite did not start on $host:$table"; exit 1; }
  log "Azurite: blob http://$host:$blob, queue http://$host:$queue, table http://$host:$table (data in $data/azurite)"
fi

log "building the control plane and the media host"
dotnet build functions/Conference.LocalHost -c Release -nologo -v quiet >/dev/null
dotnet build media-host/Conference.MediaHost -c Release -nologo -v quiet >/dev/null
supervise "the control plane" dotnet functions/Conference.LocalHost/bin/Release/net10.0/Conference.LocalHost.dll
api=${CONFERENCE_API_URL:-http://127.0.0.1:7070}
wait_for_health "$api" "${pids[-1]}" "the control plane"
log "control plane: $api/v1.0"

# The media host reads the shared key the control plane keeps in the data folder (or CONFERENCE_MEDIA_KEY).
supervise "the media host" dotnet media-host/Conference.MediaHost/bin/Release/net10.0/Conference.MediaHost.dll
media=${CONFERENCE_MEDIA_HOST_URL:-http://127.0.0.1:7080}
wait_for_health "$media" "${pids[-1]}" "the media host"
log "media host: $media (RTP on ${CONFERENCE_RTP_ADDRESS:-127.0.0.1} ports ${CONFERENCE_RTP_PORTS:-10000-10999})"
log "SIP: udp ${CONFERENCE_SIP_LISTEN:-127.0.0.1:5060}; dial sip:direct.<direct_hash>@${CONFERENCE_SIP_LISTEN:-127.0.0.1:5060} to join a conference"
log "a WebSocket caller joins with: ws://${media#http://}/v1/conferences/<conference id>/join?token=<access key>"
log "stop with Ctrl-C (a process that exits on its own is started again)"
wait
