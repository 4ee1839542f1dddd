"""The G2P labels: same C call as the runtime, stress folded, every output inside the inventory."""
import pytest

from training.phonemes import (BLANK, Inventory, UnknownPhonemeError, raw_words, text_to_phonemes,
                               text_to_words)

COMMANDS = [
    "turn on the kitchen lights",
    "turn off the bedroom fan",
    "set the thermostat to 21 degrees",
    "what's the temperature in the living room?",
    "Hey Jarvis, dim the lights to 30 percent.",
    "computer, open the garage door",
    "zero one two three four five six seven eight nine ten",
]


def test_known_sentence_exact():
    # espeak's word boundaries: unstressed function words join the word before ("on the")
    assert text_to_words("turn on the kitchen lights") == [
        ["t", "3:", "n"], ["O2", "n", "D", "@"], ["k", "I", "tS", "@", "n"], ["l", "aI", "t", "s"]]


def test_numbers_are_spelled_and_clauses_joined():
    # "21" is expanded by espeak; the comma splits clauses but every word comes back
    assert text_to_words("hello, 21") == [["h", "@", "l", "oU"], ["t", "w", "E", "n", "t", "i"], ["w", "V", "n"]]


def test_stress_marks_folded_and_pauses_dropped():
    for text in COMMANDS:
        for word in raw_words(text):
            for name in word:
                assert not set(name) & set("',%=") and not name.startswith("_") and name != ";", (text, name)


@pytest.mark.parametrize("text", COMMANDS)
def test_commands_map_into_inventory(text):
    inventory = Inventory.load()
    symbols = text_to_phonemes(text, inventory)
    assert symbols and all(s in inventory.phonemes for s in symbols)
    assert [s for word in text_to_words(text, inventory) for s in word] == symbols


def test_inventory_is_well_formed():
    inventory = Inventory.load()
    assert inventory.symbols[0] == BLANK
    assert len(set(inventory.symbols)) == len(inventory.symbols)
    assert 35 <= len(inventory.phonemes) <= 60
    for raw, target in inventory.aliases.items():
        assert raw not in inventory.symbols
        assert all(t in inventory.phonemes for t in target)
    assert inventory.ids(["p", "t#"]) == [inventory.symbols.index("p"), inventory.symbols.index("t#")]


def test_aliases_fold_to_canonical():
    inventory = Inventory.load()
    assert inventory.fold("I2") == ("I",)
    assert inventory.fold("aI@") == ("aI", "@")
    assert inventory.fold("@2") == ("@",)


def test_unknown_name_rejected_with_fix():
    inventory = Inventory.parse("<blank>\na\n")
    with pytest.raises(UnknownPhonemeError, match="'b' is not in phonemes.txt"):
        inventory.fold("b")


@pytest.mark.parametrize("text,message", [
    ("a\n<blank>\n", "first symbol must be '<blank>'"),
    ("<blank>\na\na\n", ":3: duplicate symbol 'a'"),
    ("<blank>\na\nx -> q\n", ":3: alias 'x' maps to unknown symbol 'q'"),
    ("<blank>\na b\n", ":2: expected one symbol"),
])
def test_bad_inventory_rejected(text, message):
    with pytest.raises(ValueError, match=message):
        Inventory.parse(text)


def test_wordlist_fully_covered():
    """Every name espeak produces for a large word list is mapped (the survey behind phonemes.txt)."""
    from pathlib import Path
    from training.phonemes import survey
    wordlist = Path("/usr/share/dict/american-english")
    if not wordlist.exists():
        pytest.skip("wamerican not installed (apt-get install wamerican)")
    inventory = Inventory.load()
    words = wordlist.read_text(encoding="utf-8", errors="replace").split()
    counts, _ = survey(words[::7], inventory)
    for name in counts:
        inventory.fold(name)
