#!/usr/bin/env bash
# Load runs on loopback (figures for the issue notes): starts Azurite and the control plane on
# spare ports with a known key, runs tests/Conference.Benchmarks, stops everything.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
enter_repo

data=$(mktemp -d)
blob=21000; queue=21001; table=21002; api=http://127.0.0.1:21070
pids=()
cleanup() { stop_in_reverse "${pids[@]}"; rm -rf "$data"; }
trap cleanup EXIT INT TERM

node node_modules/azurite/dist/src/azurite.js --silent --disableTelemetry --skipApiVersionCheck ${BENCH_AZURITE_FLAGS:---location $data} \
  --blobHost 127.0.0.1 --blobPort $blob --queueHost 127.0.0.1 --queuePort $queue --tableHost 127.0.0.1 --tablePort $table &
pids+=($!)
wait_for_port 127.0.0.1 $table 30

dotnet build tests/Conference.Benchmarks -c Release -nologo -v quiet >/dev/null
dotnet build functions/Conference.LocalHost -c Release -nologo -v quiet >/dev/null
storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"

dotnet tests/Conference.Benchmarks/bin/Release/net10.0/Conference.Benchmarks.dll storage "$storage"
dotnet tests/Conference.Benchmarks/bin/Release/net10.0/Conference.Benchmarks.dll entities "$storage"

# A stub media host confirms rooms as the real one does, so the API figures are the control plane's.
dotnet tests/Conference.Benchmarks/bin/Release/net10.0/Conference.Benchmarks.dll stub-media-host http://127.0.0.1:21080 "$api/" bench-media-key &
pids+=($!)
control_plane() { # extra environment assignments
  env CONFERENCE_API_URL=$api CONFERENCE_STORAGE="$storage" CONFERENCE_DEV_ACCESS_KEY=bench-key CONFERENCE_DATA_DIR="$data/host" \
    CONFERENCE_MEDIA_HOST_URL=http://127.0.0.1:21080 CONFERENCE_MEDIA_KEY=bench-media-key Logging__LogLevel__Default=Error CONFERENCE_RATE_LIMIT=100000 "$@" \
    dotnet functions/Conference.LocalHost/bin/Release/net10.0/Conference.LocalHost.dll >/dev/null &
  pids+=($!)
  for _ in $(seq 1 150); do curl -fsS "$api/health" >/dev/null 2>&1 && break; sleep 0.2; done
}

# What one create costs in storage requests, with nothing else running (the webhook dispatcher polls on its own).
control_plane CONFERENCE_DELIVER_WEBHOOKS=false
dotnet tests/Conference.Benchmarks/bin/Release/net10.0/Conference.Benchmarks.dll creates "$api/" bench-key "${BENCH_CREATES:-50}"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

control_plane
for rate in ${BENCH_RATES:-20 40 200}; do
  dotnet tests/Conference.Benchmarks/bin/Release/net10.0/Conference.Benchmarks.dll api "$api/" bench-key "$rate" "${BENCH_SECONDS:-20}"
done
for rate in ${BENCH_WEBHOOK_RATES:-100 300}; do
  dotnet tests/Conference.Benchmarks/bin/Release/net10.0/Conference.Benchmarks.dll webhooks "$api/" bench-key "$rate" "${BENCH_SECONDS:-20}" 20
done
BENCH_CLOSED_LOOP=1 dotnet tests/Conference.Benchmarks/bin/Release/net10.0/Conference.Benchmarks.dll api "$api/" bench-key 1 1 | grep "most with"
# CPU seconds each process used over the whole run: where the time went.
ps -o comm=,cputime=,args= -p "$(IFS=,; echo "${pids[*]}")" | awk '{print "cpu | " $1 " | " $2 " | " $NF}' >&2
