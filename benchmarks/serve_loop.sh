#!/usr/bin/env bash
# Start `inspection-archive serve` N times and count the starts that hang.
#
# Each start serves a temporary copy of the fixture project on a free port, waits (up to
# TIMEOUT seconds) for the "Serving …" line or for the home page to answer over HTTP, then
# stops the server with SIGTERM (as a service manager would) and waits for it to exit.
#
#     N=50 TIMEOUT=60 benchmarks/serve_loop.sh
#     CONTENT=path/to/content benchmarks/serve_loop.sh   # another archive (e.g. benchmarks/synth.py's)
#
# Prints e.g. "50 starts, 0 hangs, median start 1.4 s"; exits 1 if any start hung or failed.
set -uo pipefail
set -m  # every server in its own process group, so a hung one is killed with its workers

REPO=$(cd "$(dirname "$0")/.." && pwd)
PY=${PY:-$REPO/.venv/bin/python}
N=${N:-50}
TIMEOUT=${TIMEOUT:-60}
STOP_TIMEOUT=${STOP_TIMEOUT:-30}
CONTENT=${CONTENT:-$REPO/tests/fixtures/archive/content}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
project=$work/project
mkdir -p "$project" "$work/tmp"
cp "$REPO/mkdocs.yml" "$project/"
cp -r "$REPO/site_overrides" "$project/"
cp -r "$CONTENT" "$project/content"

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

answers() {  # the home page answers over HTTP (when curl is there to ask)
    command -v curl >/dev/null && curl -fs -o /dev/null --max-time 2 "$1"
}

hangs=0 failures=0 times=()
for ((run = 1; run <= N; run++)); do
    port=$(free_port)
    url="http://127.0.0.1:$port/"
    log=$work/serve-$run.log
    started=$(date +%s%N)
    # The server runs from the repository, so it is this checkout's generator that is measured.
    (cd "$REPO" && TMPDIR=$work/tmp exec "$PY" -m generator serve --project "$project" \
        --dev-addr "127.0.0.1:$port") >"$log" 2>&1 &
    pid=$!
    state=hang
    while (($(date +%s%N) - started < TIMEOUT * 1000000000)); do
        if grep -q "Serving .*on http" "$log" || answers "$url"; then state=ready; break; fi
        if ! kill -0 "$pid" 2>/dev/null; then state=exited; break; fi
        sleep 0.1
    done
    elapsed_ms=$((($(date +%s%N) - started) / 1000000))
    case $state in
        ready) times+=("$elapsed_ms") ;;
        hang) hangs=$((hangs + 1)); echo "start $run hung (nothing after ${TIMEOUT}s); its output:" >&2 ;;
        exited) failures=$((failures + 1)); echo "start $run exited before serving; its output:" >&2 ;;
    esac
    [[ $state == ready ]] || tail -n 20 "$log" >&2

    kill -TERM "$pid" 2>/dev/null
    for ((waited = 0; waited < STOP_TIMEOUT * 10; waited++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "start $run did not stop within ${STOP_TIMEOUT}s of SIGTERM; killing it" >&2
        kill -KILL -- "-$pid" 2>/dev/null
        failures=$((failures + 1))
    fi
    wait "$pid"
    code=$?
    if [[ $state == ready && $code -ne 0 ]]; then
        echo "start $run exited with $code after SIGTERM" >&2
        failures=$((failures + 1))
    fi
done

median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 }
    END { if (NR == 0) print "n/a"; else printf "%.1f s", (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2) / 1000 }')
slowest=$(printf '%s\n' "${times[@]}" | sort -n | tail -n 1 | awk '{ if ($1 == "") print "n/a"; else printf "%.1f s", $1 / 1000 }')
leftover=$(find "$work/tmp" -mindepth 1 -maxdepth 1 | wc -l)
echo "$N starts, $hangs hangs, median start $median (slowest $slowest); $failures failed starts or stops," \
     "$leftover temporary folders left behind"
((hangs == 0 && failures == 0))
