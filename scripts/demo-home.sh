#!/usr/bin/env bash
# Seeds the registry named by $HUB_DB with the demo home of virtual devices.
# Usage: scripts/demo-home.sh HUB_BINARY
set -euo pipefail
hub=$1
"$hub" room add kitchen >/dev/null
"$hub" room add "living room" --alias lounge >/dev/null
"$hub" room add bedroom >/dev/null
"$hub" device add "kitchen ceiling" --kind light --room kitchen --alias "ceiling light" >/dev/null
"$hub" device add "kitchen counter" --kind light --room kitchen >/dev/null
"$hub" device add "floor lamp" --kind light --room "living room" >/dev/null
"$hub" device add "bedside lamp" --kind light --room bedroom >/dev/null
"$hub" device add "bedroom thermostat" --kind climate --room bedroom >/dev/null
