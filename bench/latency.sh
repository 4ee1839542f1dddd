#!/usr/bin/env bash
# End of a spoken command → intent executed, through the whole `hub listen` loop.
#
#   bench/latency.sh [--trailing "150 200 300"] [--repeats N]
#
# Synthesizes a stream of "computer … <command>" turns with espeak-ng (voice en-gb+m3, the demo's
# held-out voice), runs `hub listen --input STREAM --json` over it with the demo home (virtual
# devices), and reports per trailing-silence setting the median and worst latency of the executed
# turns: `endpoint_ms` (stream time from the end of speech to the VAD endpoint: the trailing silence
# and frame granularity) + `processing_ms` (wall time from the endpoint to the intent carried out:
# recognition, plugin, event log). Builds the release hub first; set HUB_BIN to use a built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
trailing="150 200 300"
repeats=3
while [ $# -gt 0 ]; do
    case $1 in
        --trailing) trailing=$2; shift 2 ;;
        --repeats) repeats=$2; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
. bench/release-hub.sh
work=.build/bench/latency
rm -rf "$work" && mkdir -p "$work"
export HUB_DB=$work/hub.db
scripts/demo-home.sh "$hub"

commands=("turn on the kitchen lights" "turn off the kitchen lights" "turn on the bedroom lights" "turn on the floor lamp")
parts=()
for ((r = 0; r < repeats; r++)); do
    for c in "${commands[@]}"; do parts+=("computer" "$c"); done
done
for i in "${!parts[@]}"; do espeak-ng -v en-gb+m3 -w "$work/part$i.wav" "${parts[$i]}"; done
python3 -W ignore - "$work" "${#parts[@]}" <<'PY'
import array, audioop, random, sys, wave
work, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(3)
quiet = lambda s: array.array("h", (rng.randint(-40, 40) for _ in range(int(s * 16000))))
stream = quiet(1.5)
for i in range(count):
    w = wave.open(f"{work}/part{i}.wav")
    data, _ = audioop.ratecv(w.readframes(w.getnframes()), 2, 1, w.getframerate(), 16000, None)
    # a pause after the wake word; a pause longer than the follow-up window after each command
    stream += array.array("h", data) + quiet(0.8 if i % 2 == 0 else 5)
out = wave.open(f"{work}/stream.wav", "wb")
out.setnchannels(1), out.setsampwidth(2), out.setframerate(16000), out.writeframes(stream.tobytes())
PY

echo "| trailing silence | turns executed | endpoint ms (median) | processing ms (median / max) | latency ms (median / max) |"
echo "|---|---|---|---|---|"
for t in $trailing; do
    "$hub" listen --input "$work/stream.wav" --trailing-silence-ms "$t" --json > "$work/turns-$t.jsonl"
    python3 - "$work/turns-$t.jsonl" "$t" "$((${#parts[@]} / 2))" <<'PY'
import json, statistics, sys
turns = [json.loads(line) for line in open(sys.argv[1])]
done = [t for t in turns if t.get("response")]
if not done:
    print(f"| {sys.argv[2]} ms | 0 of {sys.argv[3]} | – | – | – |"); sys.exit()
med = lambda key: statistics.median(t[key] for t in done)
top = lambda key: max(t[key] for t in done)
print(f"| {sys.argv[2]} ms | {len(done)} of {sys.argv[3]} | {med('endpoint_ms'):.0f} | {med('processing_ms'):.0f} / {top('processing_ms'):.0f} | {med('latency_ms'):.0f} / {top('latency_ms'):.0f} |")
PY
done
