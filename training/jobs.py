"""The deterministic job list: job index → (id, text, kind, voice spec).

Each job is a pure function of (seed, tag, index): its own `random.Random` is seeded from them,
so the list is the same on every run and any job can be rebuilt alone. Kinds follow a fixed
interleaved cycle and voices are drawn per job, so any prefix of the list is a balanced mix.
"""
import random
from dataclasses import dataclass
from pathlib import Path

from training.text.grammar import GrammarSampler
from training.text.words import general_text, short_text
from training.voices import VoiceSpec, dev_voice, load_config, train_voice

# Share of each kind of text; spread evenly over a cycle of 20 jobs.
KIND_SHARES = {"command": 9, "short": 5, "general": 6}


def kind_cycle(shares: dict[str, int]) -> list[str]:
    """Smooth weighted round robin: {'a': 2, 'b': 1} → ['a', 'b', 'a']."""
    total = sum(shares.values())
    credit = dict.fromkeys(shares, 0)
    cycle = []
    for _ in range(total):
        for kind, share in shares.items():
            credit[kind] += share
        best = max(credit, key=credit.get)
        credit[best] -= total
        cycle.append(best)
    return cycle


QUESTION_STARTS = {"what", "what's", "whats", "how", "is", "are", "which", "where", "who", "why",
                   "did", "do", "have", "can", "could", "would"}
WAKE_WORDS = ("computer", "jarvis")


def punctuate(text: str, subkind: str, rng: random.Random) -> str:
    """The TTS prompt: a question mark on questions (rising intonation), and sometimes a comma
    (a pause) after a leading wake word. The transcript stays `text`."""
    words = text.split()
    if words[0] in QUESTION_STARTS and subkind != "random-words":
        text += "?"
    if subkind == "wake+command" and words[0] in WAKE_WORDS and rng.random() < 0.5:
        text = text.replace(words[0], words[0] + ",", 1)
    return text


@dataclass(frozen=True)
class Job:
    id: str
    index: int
    text: str
    prompt: str  # what the TTS reads: the text, maybe with punctuation for intonation
    kind: str
    subkind: str
    intent: str | None
    spec: VoiceSpec

    def relpath(self) -> Path:
        return Path("audio") / self.id.split("-")[0] / f"{self.index // 1000:05d}" / f"{self.id}.wav"


class JobList:
    def __init__(self, grammars: list[Path], seed: int = 0, tag: str = "v1"):
        self.seed, self.tag = seed, tag
        self.config = load_config()
        self.grammar = GrammarSampler(grammars, seed)
        self.cycle = kind_cycle(KIND_SHARES)
        self.dev_every = int(self.config["dev_every"])

    def job(self, index: int) -> Job:
        rng = random.Random(f"{self.tag}:{self.seed}:{index}")
        kind = self.cycle[index % len(self.cycle)]
        intent = None
        if kind == "command":
            text, intent = self.grammar.sample(rng)
            subkind = "grammar"
        elif kind == "short":
            text, subkind = short_text(rng)
        else:
            text, subkind = general_text(rng)
        is_dev = index % self.dev_every == self.dev_every - 1
        spec = dev_voice(self.config, rng) if is_dev else train_voice(self.config, rng, self.tag)
        prompt = punctuate(text, subkind, random.Random(f"{self.tag}:{self.seed}:{index}:prompt"))
        return Job(f"{self.tag}-{index:07d}", index, text, prompt, kind, subkind, intent, spec)
