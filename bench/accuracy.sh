#!/usr/bin/env bash
# Recognition accuracy on real human speech the model never heard (../shared/data, evaluation only).
#
#   bench/accuracy.sh [--model PATH] [--threshold X]     (extra flags go to every `hub eval`)
#
# Sets: the 30-word Speech Commands subset as a one-word grammar, spoken digits (8 kHz FSDD), and
# out-of-grammar speech and noise that the home grammar must reject (with the demo home's devices).
# Builds the release hub first; set HUB_BIN to measure an already built binary instead.
# Writes each set's `hub eval --json` result (with every error) to .build/bench/, prints a summary table.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/release-hub.sh
shared=../shared/data
work=.build/bench
rm -rf "$work" && mkdir -p "$work"
export HUB_DB=$work/hub.db
scripts/demo-home.sh "$hub"

run() {  # name dir grammar
    python3 bench/labels.py "$1" > "$work/$1.json"
    "$hub" eval "$2" --labels "$work/$1.json" --grammar "$3" --json "${@:4}" > "$work/$1.result.json"
}
run speech-commands "$shared/speech-commands" bench/grammars/speech-commands.yaml "$@"
run digits "$shared/digits/recordings" bench/grammars/digits.yaml "$@"
run reject "$shared" grammars "$@"

python3 - "$work" <<'PY'
import json, sys
rows = [(name, json.load(open(f"{sys.argv[1]}/{name}.result.json"))) for name in ("speech-commands", "digits", "reject")]
print(f"| set | n | correct | rejected | rtf |\n|---|---|---|---|---|")
for name, r in rows:
    print(f"| {name} | {r['n']} | {100 * r['accuracy']:.1f} % | {r['rejected']} | {r['rtf']:.4f} |")
PY
