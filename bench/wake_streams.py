"""Builds long false-accept streams for bench/wake.sh from the shared real recordings (stdlib only).

    python3 bench/wake_streams.py SHARED_DATA PHRASE OUT_DIR [--passes N]

Every clip that does not contain PHRASE (speech-commands words, spoken digits, librivox sentences,
the other wake word's recordings) and every noise/music file is shuffled into 16 kHz mono WAV
streams of about ten minutes, with 0.3-1.5 s of quiet between clips. Pass 1 uses each recording
once as it is; each further pass reshuffles and mixes every speech clip over a random stretch of the
noise at 5-20 dB SNR (new acoustic conditions, not new speakers). Prints the total hours.
"""
import argparse, array, audioop, glob, math, os, random, wave

RATE = 16000


def read(path):
    with wave.open(path) as w:
        if w.getsampwidth() != 2:
            raise SystemExit(f"{path}: expected 16-bit PCM")
        data = w.readframes(w.getnframes())
        if w.getnchannels() == 2:
            data = audioop.tomono(data, 2, 0.5, 0.5)
        if w.getframerate() != RATE:
            data, _ = audioop.ratecv(data, 2, 1, w.getframerate(), RATE, None)
        return array.array("h", data)


def clips(shared, phrase):
    words = set(phrase.lower().split())
    speech = []
    for folder in glob.glob(f"{shared}/speech-commands/*/"):
        if os.path.basename(folder.rstrip("/")) not in words:
            speech += glob.glob(folder + "*.wav")
    speech += glob.glob(f"{shared}/digits/recordings/*.wav")
    speech += glob.glob(f"{shared}/reference-audio/librivox/*.wav")
    for other in glob.glob(f"{shared}/wake-words/*/"):
        if os.path.basename(other.rstrip("/")) not in words:
            speech += glob.glob(other + "*.wav")
    noise = []
    for path in sorted(glob.glob(f"{shared}/noise/*.wav")):
        try:
            noise.append(read(path))
        except Exception:  # white_4/white_5 are empty files
            pass
    return sorted(speech), noise


def rms(samples):
    return math.sqrt(sum(s * s for s in samples[::7]) / max(1, len(samples[::7]))) or 1.0


def mix(speech, noise, snr_db, rng):
    bed = noise[rng.randrange(len(noise))]
    start = rng.randrange(max(1, len(bed) - len(speech)))
    piece = bed[start:start + len(speech)]
    gain = rms(speech) / rms(piece) / 10 ** (snr_db / 20) if len(piece) else 0
    return array.array("h", (max(-32768, min(32767, int(s + gain * n))) for s, n in zip(speech, piece)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("shared"), parser.add_argument("phrase"), parser.add_argument("out")
    parser.add_argument("--passes", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(5)
    speech_paths, noise = clips(args.shared, args.phrase)
    speech = [read(p) for p in speech_paths]
    os.makedirs(args.out, exist_ok=True)
    stream, index, total = array.array("h"), 0, 0

    def flush():
        nonlocal stream, index, total
        if not stream:
            return
        with wave.open(f"{args.out}/stream{index:02d}.wav", "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(RATE)
            w.writeframes(stream.tobytes())
        total += len(stream)
        index += 1
        stream = array.array("h")

    for number in range(args.passes):
        items = [("speech", s) for s in speech] + [("noise", n) for n in noise]
        rng.shuffle(items)
        for kind, samples in items:
            if number > 0 and kind == "speech":
                samples = mix(samples, noise, rng.uniform(5, 20), rng)
            stream += samples
            stream += array.array("h", [0]) * int(rng.uniform(0.3, 1.5) * RATE)
            if len(stream) > 600 * RATE:
                flush()
    flush()
    print(f"{total / RATE / 3600:.3f}")


if __name__ == "__main__":
    main()
