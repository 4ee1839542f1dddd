#!/usr/bin/env bash
# Candidate models compared on the held-out synthetic calibration sets, the sets new models are chosen
# on (never the test sets of bench/synthetic.sh, never the real recordings of bench/accuracy.sh):
# home-grammar commands for the evaluation home (bench/eval-home.sh) spoken by the dev voices, clean and
# mixed with ../shared/data/noise at 10 dB SNR; the 30 Speech Commands words spoken by the same voices;
# and an 8 kHz copy of the words. Each at threshold 0 (the model alone, before any confidence fit),
# one row per model with the four accuracies and their sum. The next column, outside the sum (so that sums
# stay comparable with earlier ones), has the 8 kHz words cut tight around the speech
# (`bench/set_variants.py --tight`): recordings with no silence of their own before or after the word,
# like the real digits, on which a change to the room tone the runtime adds shows. The next has them cut
# into the word where its energy comes within 20 dB of the loudest frame (`--cut 20`), so that faint
# first and last sounds (/s/, /f/, /θ/, /h/) are gone, as in some of the real digits. Two more columns,
# also outside the sum, have the words and the home commands spoken again by other voices
# (`bench/set_variants.py --voice`, WORLD: another pitch and vocal-tract length): a model that fits the
# training voices too closely loses there, as it does on real voices (hub-am-v21 against hub-am-v22:
# words 91.8 against 88.5 %, real words 88.3 against 87.0 %). Making them needs pyworld
# (training/requirements-train.txt; PYTHON_TRAIN, default the training venv).
#
#   bench/calibration.sh [MODEL…]     (none: the shipped model; each needs phonemes.txt beside it)
#   HUB_EVAL_FLAGS="--blank-penalty 1.5" bench/calibration.sh MODEL    (extra flags for every `hub eval`)
#
# Builds the release hub first; set HUB_BIN to measure an already built binary instead. The sets are
# spoken once (seeds 2000 and 6000, apart from the test sets' 1000 and 5000; about 20 minutes on two
# cores) with the training environment (bash training/setup.sh; PYTHON defaults to its venv) and cached
# in ~/.cache/hub-eval/home-calib, words-calib and words-calib-8k, which training.calibrate also reads.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-/work/cache/venv/bin/python}
. bench/release-hub.sh
work=.build/bench-calibration
sets=$HOME/.cache/hub-eval
words=bench/grammars/speech-commands.yaml
rm -rf "$work" && mkdir -p "$work"
export HUB_DB=$work/hub.db
bench/eval-home.sh "$hub"
"$python" -m training.make_eval_set --hub "$hub" --db "$HUB_DB" --out "$sets/home-calib" --seed 2000 --count 600
"$python" -m training.make_eval_set --hub "$hub" --db "$HUB_DB" --out "$sets/words-calib" --grammar "$words" \
    --seed 6000 --count 300
[ -f "$sets/words-calib-8k/labels.json" ] || "$python" bench/set_variants.py "$sets/words-calib" "$sets/words-calib-8k" --rate 8000
[ -f "$sets/words-calib-8k-tight/labels.json" ] \
    || "$python" bench/set_variants.py "$sets/words-calib" "$sets/words-calib-8k-tight" --rate 8000 --tight
[ -f "$sets/words-calib-8k-cut20/labels.json" ] \
    || "$python" bench/set_variants.py "$sets/words-calib" "$sets/words-calib-8k-cut20" --rate 8000 --cut 20
for set in words-calib home-calib; do
    [ -f "$sets/$set-voice/labels.json" ] \
        || "${PYTHON_TRAIN:-/work/cache/venv-train/bin/python}" bench/set_variants.py "$sets/$set" "$sets/$set-voice" --voice
done

accuracy() { python3 -c "import json, sys; print(100 * json.load(sys.stdin)['accuracy'])"; }
echo "| model | home clean | home 10 dB | words | words 8 kHz | sum | words 8 kHz, cut tight | words 8 kHz, cut at 20 dB | words, other voices | home, other voices |"
echo "|---|---|---|---|---|---|---|---|---|---|"
[ $# -gt 0 ] || set -- shipped
for model in "$@"; do
    flags=(${HUB_EVAL_FLAGS:-}); [ "$model" = shipped ] || flags+=(--model "$model")
    run() { "$hub" eval "$sets/$1" --labels "$sets/$1/labels.json" "${flags[@]}" --threshold 0 --json "${@:2}" | accuracy; }
    clean=$(run home-calib)
    noisy=$(run home-calib --noise ../shared/data/noise --snr 10)
    word=$(run words-calib --grammar "$words")
    narrow=$(run words-calib-8k --grammar "$words")
    tight=$(run words-calib-8k-tight --grammar "$words")
    cut=$(run words-calib-8k-cut20 --grammar "$words")
    voice=$(run words-calib-voice --grammar "$words")
    home_voice=$(run home-calib-voice)
    python3 -c "import sys; v = [float(a) for a in sys.argv[2:]]; print(f'| {sys.argv[1]} | ' + ' | '.join(f'{a:.1f}' for a in v[:4]) + f' | {sum(v[:4]):.1f} | ' + ' | '.join(f'{a:.1f}' for a in v[4:]) + ' |')" \
        "$model" "$clean" "$noisy" "$word" "$narrow" "$tight" "$cut" "$voice" "$home_voice"
done
