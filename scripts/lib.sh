# Shared by start.sh and test.sh: install what the project needs when it is missing.
# Sourced, not run.

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

log() { printf '[conference] %s\n' "$*" >&2; }

apt_install() {
  # Debian packages, installed only when a command (or, for a path, a file) is missing.
  local missing=()
  while [ $# -gt 0 ]; do
    case "$1" in
      /*) [ -e "$1" ] || missing+=("$2") ;;
      *) command -v "$1" >/dev/null 2>&1 || missing+=("$2") ;;
    esac
    shift 2
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} with apt-get"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_tools() {
  command -v dotnet >/dev/null 2>&1 || { log "the .NET 10 SDK (dotnet) is required and is not on PATH"; exit 1; }
  apt_install node nodejs npm npm curl curl
  # The media host speaks with espeak-ng; the tests compare its mixer with sox and ffmpeg.
  apt_install espeak-ng espeak-ng sox sox ffmpeg ffmpeg
  # Real SIP clients for the end-to-end tests and for dialing in by hand.
  apt_install sipp sip-tester baresip baresip-core
  # Transcription: PocketSphinx's library and US English model (the media host's local engine), and
  # its recorded human speech with reference text (the tests' utterances).
  apt_install /usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3 libpocketsphinx3 \
    /usr/share/pocketsphinx/model/en-us/en-us.lm.bin pocketsphinx-en-us \
    /usr/share/pocketsphinx/test/data/librivox/transcription pocketsphinx-testdata
  # Whisper's native runtime (from its NuGet package) links OpenMP's runtime.
  apt_install /usr/lib/x86_64-linux-gnu/libgomp.so.1 libgomp1
}

ensure_node_modules() {
  # Azurite comes from the committed package-lock.json; reinstall when the lock changed.
  local root; root=$(repo_root)
  local stamp="$root/node_modules/.package-lock.json"
  if [ ! -f "$root/node_modules/azurite/dist/src/azurite.js" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
    log "installing Azurite from package-lock.json (npm ci)"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

# Every script's start: into the repository, with the tools and Azurite installed. Sets $root.
enter_repo() {
  root=$(repo_root)
  cd "$root"
  ensure_tools
  ensure_node_modules
}

wait_for_port() { # host port seconds
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

wait_for_health() { # url pid name: until GET url/health answers, failing when the process exits or 30 s pass
  for _ in $(seq 1 150); do
    curl -fsS "$1/health" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { log "$3 exited"; exit 1; }
    sleep 0.2
  done
  log "$3 did not answer on $1/health within 30 s"; exit 1
}

# Stops the given processes in the reverse of their order, each gone before the next is asked: the
# durable engine's control plane hands back what it holds through storage, so Azurite, started
# first, must stop last (stopped together, the control plane waited out its 30 s shutdown timeout).
stop_in_reverse() { # pid...
  local pids=("$@") i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
}
