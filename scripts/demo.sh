#!/usr/bin/env bash
# `make demo`: a fresh registry seeded with a demo home of virtual devices, driven by typed commands,
# then by a spoken command: espeak-ng says it with a voice held out of training (en-gb+m3) into a WAV
# that `hub recognize --execute` turns into a device change.
# Usage: scripts/demo.sh HUB_BINARY DATABASE
set -euo pipefail
hub=$1
export HUB_DB=$2
rm -f "$HUB_DB" "$HUB_DB-wal" "$HUB_DB-shm"
mkdir -p "$(dirname "$HUB_DB")"

say() { printf '\n\033[1m$ hub %s\033[0m\n' "$*"; "$hub" "$@"; }

echo "Demo home in $HUB_DB"
"$(dirname "$0")/demo-home.sh" "$hub"
say device list

for sentence in \
    "turn on the kitchen lights" \
    "set the floor lamp to forty percent" \
    "make the bedside lamp warm white" \
    "set the bedroom to twenty one and a half degrees" \
    "set the thermostat to heat" \
    "what is the temperature in the bedroom" \
    "turn off all the lights"; do
    say do "$sentence"
done
say parse "dim the living room lights"

wav=$(dirname "$HUB_DB")/command.wav
espeak-ng -v en-gb+m3 -w "$wav" "turn on the kitchen lights"
printf '\n(espeak-ng, voice en-gb+m3, said "turn on the kitchen lights" into %s)\n' "$wav"
say recognize "$wav" --execute
say device show "kitchen ceiling"
say device show "bedroom thermostat" --json
say events --limit 5
