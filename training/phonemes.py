"""Text → phoneme symbols, through libespeak-ng exactly as the Swift runtime calls it.

Training labels and run-time pronunciations must come from the same G2P, so both sides call the C
function `espeak_TextToPhonemes` with the same arguments:

    espeak_Initialize(AUDIO_OUTPUT_RETRIEVAL, 0, NULL, espeakINITIALIZE_DONT_EXIT)
    espeak_SetVoiceByName("en-us")
    repeat until *textptr == NULL:
        clause = espeak_TextToPhonemes(&textptr, espeakCHARS_UTF8, '/' << 8)

`phonememode = '/' << 8` selects espeak's ASCII phoneme mnemonics (bit 1 = 0, not IPA) with '/'
between phonemes; words within a clause are separated by one space. No English phoneme name contains
'/' or ' ' (checked over a 100k-word list), so the split is unambiguous.

Each raw name is then folded:
1. the stress marks `' , % =` are removed wherever they appear;
2. names starting with '_' (pauses) and ';' (syllable break) are dropped;
3. the result is looked up in the inventory `models/phonemes.txt`: a canonical symbol stays, an alias
   becomes its one or more canonical symbols, an alias with no target is dropped; any other name is
   an error (`UnknownPhonemeError`), so a new espeak-ng build cannot silently change the labels.

    python3 -m training.phonemes "turn on the kitchen lights"
    python3 -m training.phonemes --survey /usr/share/dict/american-english
"""
from __future__ import annotations

import argparse
import collections
import ctypes
import sys
from dataclasses import dataclass
from pathlib import Path

ESPEAK_LIBRARY = "libespeak-ng.so.1"
VOICE = "en-us"
AUDIO_OUTPUT_RETRIEVAL = 1
ESPEAK_INITIALIZE_DONT_EXIT = 0x8000
ESPEAK_CHARS_UTF8 = 1
SEPARATOR = "/"
PHONEME_MODE = ord(SEPARATOR) << 8
STRESS_MARKS = "',%="
PAUSE_PREFIX = "_"
SYLLABLE_BREAK = ";"
WORD_SEPARATOR = " "

BLANK = "<blank>"
ALIAS_ARROW = "->"
# One inventory for training and the Swift runtime, shipped beside the models.
INVENTORY_PATH = Path(__file__).resolve().parent.parent / "models" / "phonemes.txt"


class G2PError(Exception):
    """libespeak-ng could not be loaded or initialised."""


class UnknownPhonemeError(ValueError):
    """espeak-ng produced a phoneme name that the inventory neither lists nor aliases."""


class Espeak:
    """The libespeak-ng G2P, initialised once per process (the library keeps global state)."""

    _instance: "Espeak | None" = None

    def __init__(self, library: str = ESPEAK_LIBRARY, voice: str = VOICE):
        try:
            self._lib = ctypes.CDLL(library)
        except OSError as error:
            raise G2PError(f"cannot load {library}: {error} (apt-get install libespeak-ng1)") from error
        self._lib.espeak_Initialize.restype = ctypes.c_int
        self._lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self._lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self._lib.espeak_SetVoiceByName.restype = ctypes.c_int
        self._lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        self._lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
        if self._lib.espeak_Initialize(AUDIO_OUTPUT_RETRIEVAL, 0, None, ESPEAK_INITIALIZE_DONT_EXIT) <= 0:
            raise G2PError(f"espeak_Initialize failed in {library} (is espeak-ng-data installed?)")
        if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise G2PError(f"espeak-ng has no voice '{voice}' (is espeak-ng-data installed?)")

    @classmethod
    def shared(cls) -> "Espeak":
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def clauses(self, text: str) -> list[str]:
        """The raw mnemonic strings, one per clause, exactly as espeak_TextToPhonemes returns them."""
        buffer = ctypes.create_string_buffer(text.encode("utf-8"))
        pointer = ctypes.c_void_p(ctypes.addressof(buffer))
        out = []
        while pointer.value:
            result = self._lib.espeak_TextToPhonemes(ctypes.byref(pointer), ESPEAK_CHARS_UTF8, PHONEME_MODE)
            if result:
                out.append(result.decode("utf-8"))
        return out


def raw_words(text: str, espeak: Espeak | None = None) -> list[list[str]]:
    """espeak's phoneme names per word, stress folded, pauses and syllable breaks dropped."""
    words = []
    for clause in (espeak or Espeak.shared()).clauses(text):
        for word in clause.split(WORD_SEPARATOR):
            names = []
            for name in word.split(SEPARATOR):
                name = name.translate(str.maketrans("", "", STRESS_MARKS))
                if name and not name.startswith(PAUSE_PREFIX) and name != SYLLABLE_BREAK:
                    names.append(name)
            if names:
                words.append(names)
    return words


@dataclass(frozen=True)
class Inventory:
    """The phoneme table: `symbols[0]` is the CTC blank, `aliases` maps raw names to canonical symbols."""

    symbols: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path = INVENTORY_PATH) -> "Inventory":
        return cls.parse(Path(path).read_text(encoding="utf-8"), origin=str(path))

    @classmethod
    def parse(cls, text: str, origin: str = "<string>") -> "Inventory":
        """One entry per line; lines starting with `#` are comments (no inline comments: '#' occurs in
        phoneme names). `SYMBOL` adds the next id (the first must be `<blank>`);
        `RAW -> SYM [SYM …]` maps a raw espeak name to canonical symbols (no symbols = drop it)."""
        symbols: list[str] = []
        raw_aliases: list[tuple[int, str, tuple[str, ...]]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if ALIAS_ARROW in line:
                raw, _, target = line.partition(ALIAS_ARROW)
                raw_aliases.append((number, raw.strip(), tuple(target.split())))
            elif len(line.split()) != 1:
                raise ValueError(f"{origin}:{number}: expected one symbol or 'RAW -> SYMBOLS', got '{line}'")
            elif line in symbols:
                raise ValueError(f"{origin}:{number}: duplicate symbol '{line}'")
            else:
                symbols.append(line)
        if not symbols or symbols[0] != BLANK:
            raise ValueError(f"{origin}: the first symbol must be '{BLANK}' (the CTC blank, id 0)")
        aliases = {}
        for number, raw, target in raw_aliases:
            if raw in symbols or raw in aliases:
                raise ValueError(f"{origin}:{number}: alias '{raw}' is already a symbol or alias")
            unknown = [s for s in target if s not in symbols or s == BLANK]
            if unknown:
                raise ValueError(f"{origin}:{number}: alias '{raw}' maps to unknown symbol '{unknown[0]}'")
            aliases[raw] = target
        return cls(tuple(symbols), aliases)

    @property
    def phonemes(self) -> tuple[str, ...]:
        """The symbols without the blank."""
        return self.symbols[1:]

    def fold(self, name: str) -> tuple[str, ...]:
        """Canonical symbols for one raw (stress-folded) espeak name."""
        if name in self.aliases:
            return self.aliases[name]
        if name in self.symbols[1:]:
            return (name,)
        raise UnknownPhonemeError(
            f"espeak-ng phoneme '{name}' is not in {INVENTORY_PATH.name} "
            f"(add it as a symbol or as 'RAW -> SYMBOL' there)")

    def ids(self, symbols: list[str]) -> list[int]:
        index = {s: i for i, s in enumerate(self.symbols)}
        return [index[s] for s in symbols]


def text_to_words(text: str, inventory: Inventory | None = None) -> list[list[str]]:
    """Canonical phoneme symbols per espeak word: numbers expand to several words, and unstressed
    function words may join their neighbour ("on the" is one word)."""
    inventory = inventory or _default_inventory()
    words = []
    for names in raw_words(text):
        folded = [symbol for name in names for symbol in inventory.fold(name)]
        if folded:
            words.append(folded)
    return words


def text_to_phonemes(text: str, inventory: Inventory | None = None) -> list[str]:
    """Canonical phoneme symbols for `text`, word boundaries removed (the CTC label sequence)."""
    return [symbol for word in text_to_words(text, inventory) for symbol in word]


_INVENTORY: Inventory | None = None


def _default_inventory() -> Inventory:
    global _INVENTORY
    if _INVENTORY is None:
        _INVENTORY = Inventory.load()
    return _INVENTORY


def survey(words: list[str], inventory: Inventory) -> tuple[collections.Counter, dict[str, str]]:
    """Count every raw (stress-folded) espeak name produced for `words`; return counts and one example each."""
    counts: collections.Counter = collections.Counter()
    examples: dict[str, str] = {}
    espeak = Espeak.shared()
    for word in words:
        for names in raw_words(word, espeak):
            for name in names:
                counts[name] += 1
                examples.setdefault(name, word)
    return counts, examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("text", nargs="*", help="text to convert")
    parser.add_argument("--survey", type=Path, metavar="WORDLIST",
                        help="list every espeak phoneme produced for a word list (one word a line) and its mapping")
    args = parser.parse_args(argv)
    inventory = Inventory.load()
    if args.survey:
        words = [w.strip() for w in args.survey.read_text(encoding="utf-8", errors="replace").splitlines() if w.strip()]
        counts, examples = survey(words, inventory)
        unmapped = 0
        print(f"# {len(words)} words from {args.survey}: raw name, count, example, canonical")
        for name, count in counts.most_common():
            try:
                target = " ".join(inventory.fold(name)) or "(dropped)"
            except UnknownPhonemeError:
                target, unmapped = "UNMAPPED", unmapped + 1
            print(f"{name}\t{count}\t{examples[name]}\t{target}")
        unused = [s for s in inventory.phonemes if s not in counts and
                  not any(s in t for r, t in inventory.aliases.items() if r in counts)]
        if unused:
            print(f"# symbols never produced: {' '.join(unused)}")
        return 1 if unmapped else 0
    text = " ".join(args.text)
    print(" | ".join(" ".join(word) for word in text_to_words(text, inventory)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
