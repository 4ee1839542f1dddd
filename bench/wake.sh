#!/usr/bin/env bash
# Wake-phrase spotting on real recordings (../shared/data, evaluation only): miss rate at ≤ 1 false
# accept per hour, per phrase.
#
#   bench/wake.sh [--passes N] [--sensitivities "0.2 0.3 …"]
#
# Builds the release hub first; set HUB_BIN to measure an already built binary instead.
# Misses: `hub spot --json` over every real recording of the phrase (wake-words/computer, jarvis).
# False accepts: `hub spot --json` over long streams of other real speech (speech-commands words,
# spoken digits, librivox sentences, the other wake word's recordings) and noise/music, built by
# bench/wake_streams.py (pass 1: each recording once; further passes: reshuffled, speech mixed over
# noise). Every sensitivity is a separate exact run. Results in .build/bench/wake/, a table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
passes=2
sensitivities="0.5 0.6 0.7 0.8 0.85 0.9 0.95"
while [ $# -gt 0 ]; do
    case $1 in
        --passes) passes=$2; shift 2 ;;
        --sensitivities) sensitivities=$2; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
. bench/release-hub.sh
shared=../shared/data
work=.build/bench/wake
rm -rf "$work" && mkdir -p "$work"

for phrase in computer jarvis; do
    hours=$(python3 bench/wake_streams.py "$shared" "$phrase" "$work/$phrase-streams" --passes "$passes")
    echo "$hours" > "$work/$phrase.hours"
    for s in $sensitivities; do
        "$hub" spot "$shared/wake-words/$phrase"/*.wav --phrase "$phrase" --sensitivity "$s" --json > "$work/$phrase-$s.pos.jsonl"
        "$hub" spot "$work/$phrase-streams"/*.wav --phrase "$phrase" --sensitivity "$s" --json > "$work/$phrase-$s.neg.jsonl"
    done
done

python3 - "$work" "$sensitivities" <<'PY'
import json, sys
work, sens = sys.argv[1], sys.argv[2].split()
def load(path): return [json.loads(line) for line in open(path)]
print("| phrase | sensitivity | threshold | misses | miss rate | false accepts | hours | FA/h |\n|---|---|---|---|---|---|---|---|")
best = {}
for phrase in ("computer", "jarvis"):
    hours = float(open(f"{work}/{phrase}.hours").read())
    for s in sens:
        pos = load(f"{work}/{phrase}-{s}.pos.jsonl")
        misses = sum(1 for r in pos if not r["detections"])
        fa = sum(len(r["detections"]) for r in load(f"{work}/{phrase}-{s}.neg.jsonl"))
        rate, per_hour = misses / len(pos), fa / hours
        print(f"| {phrase} | {s} | {1 - float(s):.2f} | {misses}/{len(pos)} | {100 * rate:.1f} % | {fa} | {hours:.2f} | {per_hour:.2f} |")
        if per_hour <= 1 and (phrase not in best or rate < best[phrase][0]):
            best[phrase] = (rate, s, per_hour)
print()
for phrase in ("computer", "jarvis"):
    if phrase in best:
        rate, s, per_hour = best[phrase]
        print(f"{phrase}: miss rate {100 * rate:.1f} % at ≤ 1 false accept per hour (sensitivity {s}, {per_hour:.2f} FA/h)")
    else:
        print(f"{phrase}: no swept sensitivity reaches ≤ 1 false accept per hour")
PY
