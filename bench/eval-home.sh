#!/usr/bin/env bash
# Seeds the registry named by $HUB_DB with the evaluation home: the demo home plus more rooms and
# devices of every kind, so the decoder chooses among realistic numbers of names.
# Usage: bench/eval-home.sh HUB_BINARY
set -euo pipefail
hub=$1
"$(dirname "$0")/../scripts/demo-home.sh" "$hub"
for room in office hallway bathroom garage "dining room" "guest room"; do
    "$hub" room add "$room" >/dev/null
done
add() { "$hub" device add "$1" --kind "$2" --room "$3" "${@:4}" >/dev/null; }
add "desk lamp" light office
add "office fan" fan office
add "hallway light" light hallway
add "mirror light" light bathroom --alias "vanity light"
add "towel heater" switch bathroom
add "garage door opener" switch garage
add "workbench light" light garage
add "dining table light" light "dining room"
add "chandelier" light "dining room"
add "guest room heater" climate "guest room"
add "reading lamp" light "guest room"
add "ceiling fan" fan bedroom
add "coffee machine" switch kitchen
add "living room thermostat" climate "living room" --alias "main thermostat"
add "tv backlight" light "living room"
