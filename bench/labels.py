#!/usr/bin/env python3
"""Write `hub eval` labels for the real recordings in ../shared/data (evaluation only, never training).

    bench/labels.py speech-commands > /tmp/sc.json   # DIR = ../shared/data/speech-commands
    bench/labels.py digits > /tmp/digits.json        # DIR = ../shared/data/digits/recordings
    bench/labels.py reject > /tmp/reject.json        # DIR = ../shared/data: speech and noise outside the home grammar

Labels are {"relative/path.wav": {"intent": NAME | null, "slots": {...}}}; null means the recogniser
must reject the recording.
"""
import json
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def speech_commands() -> dict:
    root = SHARED / "speech-commands"
    return {f"{clip.parent.name}/{clip.name}": {"intent": "Word", "slots": {"word": clip.parent.name}}
            for clip in sorted(root.glob("*/*.wav"))}


def digits() -> dict:
    root = SHARED / "digits" / "recordings"
    return {clip.name: {"intent": "Digit", "slots": {"digit": int(clip.name.split("_")[0])}}
            for clip in sorted(root.glob("*.wav"))}


def reject() -> dict:
    """Out-of-grammar speech for the home grammar (read sentences, wake words alone) and noise."""
    files = sorted((SHARED / "reference-audio" / "librivox").glob("*.wav"))
    for word in ("computer", "jarvis"):
        files += sorted((SHARED / "wake-words" / word).glob("*.wav"))[:40]
    files += [noise for noise in sorted((SHARED / "noise").glob("*.wav")) if noise.stat().st_size > 1024]
    return {str(path.relative_to(SHARED)): {"intent": None} for path in files}


SETS = {"speech-commands": speech_commands, "digits": digits, "reject": reject}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in SETS:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(SETS)}")
    json.dump(SETS[sys.argv[1]](), sys.stdout, indent=1, sort_keys=True)
    print()
