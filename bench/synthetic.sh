#!/usr/bin/env bash
# Command accuracy on held-out synthetic voices: home-grammar commands for the evaluation home
# (bench/eval-home.sh), spoken by the dev voices that training never uses, clean and mixed with
# ../shared/data/noise at 10 dB SNR; and the 30 Speech Commands words spoken by the same voices, the
# synthetic twin of the real word set of bench/accuracy.sh (the difference is the gap to real speech).
#
#   bench/synthetic.sh [--model PATH] [--threshold X]     (extra flags go to every `hub eval`)
#
# Builds the release hub first; set HUB_BIN to measure an already built binary instead.
# Needs the training environment for the voices (bash training/setup.sh; PYTHON defaults to its
# venv). The recordings are cached in $HUB_EVAL_CACHE (default ~/.cache/hub-eval/home-dev) and
# ~/.cache/hub-eval/words-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-/work/cache/venv/bin/python}
. bench/release-hub.sh
work=.build/bench-synthetic
set_dir=${HUB_EVAL_CACHE:-$HOME/.cache/hub-eval/home-dev}
rm -rf "$work" && mkdir -p "$work"
export HUB_DB=$work/hub.db
bench/eval-home.sh "$hub"
"$python" -m training.make_eval_set --hub "$hub" --db "$HUB_DB" --out "$set_dir" --count "${COUNT:-600}"
words=bench/grammars/speech-commands.yaml
words_dir=$HOME/.cache/hub-eval/words-dev
"$python" -m training.make_eval_set --hub "$hub" --db "$HUB_DB" --out "$words_dir" --grammar "$words" --seed 5000 --count 300

"$hub" eval "$set_dir" --labels "$set_dir/labels.json" --json "$@" > "$work/clean.result.json"
"$hub" eval "$set_dir" --labels "$set_dir/labels.json" --noise ../shared/data/noise --snr 10 --json "$@" \
    > "$work/noise10.result.json"
"$hub" eval "$words_dir" --labels "$words_dir/labels.json" --grammar "$words" --json "$@" > "$work/words.result.json"

python3 - "$work" <<'PY'
import json, sys
print("| set | n | correct | rejected | rtf |\n|---|---|---|---|---|")
for name, title in (("clean", "held-out voices, clean"), ("noise10", "held-out voices, 10 dB SNR"),
                    ("words", "held-out voices, the 30 Speech Commands words")):
    r = json.load(open(f"{sys.argv[1]}/{name}.result.json"))
    print(f"| {title} | {r['n']} | {100 * r['accuracy']:.1f} % | {r['rejected']} | {r['rtf']:.4f} |")
PY
