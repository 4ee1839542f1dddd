"""Score an exported model on the real recordings in shared/data — evaluation only, never training.

    python3 -m training.evaluate_real --model models/hub-am-v17.bin [--json /tmp/hub-am-v17.real.json]

Runs the file through the int8 reference kernel (what the runtime runs) on
- speech-commands (30 words × 10 clips): phoneme error rate of greedy decoding, and isolated-word
  accuracy when the decoder may only choose among the 30 words (each word's espeak phonemes scored by
  CTC; the simplest grammar-constrained decode);
- digits (8 kHz, converted to 16 kHz): the same closed-set accuracy over zero … nine;
- reference-audio/librivox (5 read sentences): phoneme error rate.

A model with the speech-embedding encoder (format version 2) runs its encoder through torch's fully
convolutional pass (`training.speech_embedding.embed_frames`, equal to the numpy windows within 1e-4)
with 0.4 s of room tone around each file, as the runtime; the GRU and output layer run the int8 kernel.
"""
from __future__ import annotations

import argparse
import json
from typing import Callable
from pathlib import Path

import numpy as np
import torch

from training import int8_kernel, speech_embedding
from training.augment import SAMPLE_RATE
from training.dataset import read_audio
from training.export import ModelFile, read_model
from training.features import mfcc
from training.phonemes import Inventory, text_to_phonemes
from training.train import greedy_decode, phoneme_error_rate

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def logits_function(model: ModelFile) -> Callable[[np.ndarray], torch.Tensor]:
    """Audio → the front end of the model's own header (normalisation included) → int8 logits. An encoder's
    weights are dequantised once, here, not per file."""
    if model.encoder == "none":
        return lambda audio: torch.from_numpy(int8_kernel.forward(model, mfcc(audio, model.features).astype(np.float32)))
    weights = speech_embedding.dequantized(dict(model.tensors))

    def logits(audio: np.ndarray) -> torch.Tensor:
        frames = torch.from_numpy(speech_embedding.log_mel(audio, np.random.default_rng(0)))
        embeddings = speech_embedding.embed_frames(frames, weights, model.stride).numpy()
        return torch.from_numpy(int8_kernel.run(model, int8_kernel.encoder_inputs(model, embeddings)))
    return logits


def closed_set_choice(log_probs: torch.Tensor, flat: torch.Tensor, lengths: torch.Tensor) -> int:
    """Index of the word (targets concatenated in `flat`, `lengths` each) whose CTC loss is lowest."""
    count = len(lengths)
    ctc = torch.nn.CTCLoss(blank=0, reduction="none", zero_infinity=True)
    scores = ctc(log_probs[:, None].expand(-1, count, -1), flat, torch.full((count,), len(log_probs)), lengths)
    return int(scores.argmin())


def targets_of(model: ModelFile, inventory: Inventory, words: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    targets = [label_ids(model, inventory, w) for w in words]
    return torch.tensor([i for t in targets for i in t]), torch.tensor([len(t) for t in targets])


def label_ids(model: ModelFile, inventory: Inventory, text: str) -> list[int]:
    """Phoneme ids in the model's own symbol table."""
    index = {symbol: i for i, symbol in enumerate(model.symbols)}
    symbols = text_to_phonemes(text, inventory)
    missing = [s for s in symbols if s not in index]
    if missing:
        raise SystemExit(f"'{text}' needs phoneme '{missing[0]}', which the model's table lacks")
    return [index[s] for s in symbols]


def speech_commands(model: ModelFile, inventory: Inventory, root: Path, logits_for) -> dict:
    words = sorted(p.name for p in root.iterdir() if p.is_dir())
    flat, lengths = targets_of(model, inventory, words)
    hypotheses, references, correct, total = [], [], 0, 0
    for index, word in enumerate(words):
        reference = label_ids(model, inventory, word)
        for clip in sorted((root / word).glob("*.wav")):
            logits = logits_for(read_audio(clip))
            hypotheses.append(greedy_decode(logits, len(logits)))
            references.append(reference)
            correct += closed_set_choice(logits.log_softmax(-1), flat, lengths) == index
            total += 1
    return {"clips": total, "words": len(words), "per_greedy": round(phoneme_error_rate(hypotheses, references), 4),
            "word_accuracy_closed_set": round(correct / max(total, 1), 4)}


def digits(model: ModelFile, inventory: Inventory, root: Path, logits_for) -> dict:
    """Closed-set accuracy over the ten digit words on `{digit}_{speaker}_{index}.wav` at 8 kHz."""
    from scipy.signal import resample_poly
    import soundfile

    flat, lengths = targets_of(model, inventory, ["zero", "one", "two", "three", "four", "five", "six", "seven",
                                                  "eight", "nine"])
    correct = total = 0
    for clip in sorted(root.glob("*.wav")):
        audio, rate = soundfile.read(clip, dtype="float32")
        audio = resample_poly(audio, SAMPLE_RATE, rate).astype(np.float32) if rate != SAMPLE_RATE else audio
        correct += closed_set_choice(logits_for(audio).log_softmax(-1), flat, lengths) == int(clip.name.split("_")[0])
        total += 1
    return {"clips": total, "word_accuracy_closed_set": round(correct / max(total, 1), 4)}


def librivox(model: ModelFile, inventory: Inventory, root: Path, logits_for) -> dict:
    hypotheses, references = [], []
    for wav in sorted(root.glob("*.wav")):
        text = wav.with_suffix(".txt").read_text(encoding="utf-8").strip()
        logits = logits_for(read_audio(wav))
        hypotheses.append(greedy_decode(logits, len(logits)))
        references.append(label_ids(model, inventory, text))
    return {"sentences": len(references), "per_greedy": round(phoneme_error_rate(hypotheses, references), 4)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    model = read_model(args.model.read_bytes())
    if model.features.sample_rate != SAMPLE_RATE:
        raise SystemExit(f"{args.model}: front end at {model.features.sample_rate} Hz, recordings are {SAMPLE_RATE} Hz")
    inventory = Inventory.load()
    logits = logits_function(model)
    results = {"model": args.model.name,
               "speech_commands": speech_commands(model, inventory, args.data / "speech-commands", logits),
               "digits": digits(model, inventory, args.data / "digits" / "recordings", logits),
               "librivox": librivox(model, inventory, args.data / "reference-audio" / "librivox", logits)}
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return results


if __name__ == "__main__":
    main()
