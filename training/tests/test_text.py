import random
import re
import tempfile
import unittest
from pathlib import Path

from training.paths import HA_SENTENCES
from training.text.grammar import GrammarSampler, tidy
from training.text.names import device_names, room_names
from training.text.numbers import int_to_words, number_variants, spell_numbers
from training.text.words import general_text, short_text


class NumberTests(unittest.TestCase):
    def test_integers(self):
        cases = {0: "zero", 7: "seven", 13: "thirteen", 20: "twenty", 21: "twenty one",
                 100: "one hundred", 115: "one hundred fifteen", 1000: "one thousand",
                 2025: "two thousand twenty five", 1_000_000: "one million"}
        for n, words in cases.items():
            self.assertEqual(int_to_words(n), words)
        self.assertEqual(int_to_words(115, and_after_hundred=True), "one hundred and fifteen")

    def test_decimals_have_point_and_fraction_forms(self):
        self.assertEqual(number_variants("21.5"), ["twenty one point five", "twenty one and a half"])
        self.assertEqual(number_variants("0.5"), ["zero point five", "point five"])
        self.assertEqual(number_variants("3.25")[1], "three and a quarter")

    def test_spell_numbers_leaves_no_digits(self):
        rng = random.Random(0)
        self.assertEqual(spell_numbers("brightness 50%", rng), "brightness fifty percent")
        self.assertEqual(spell_numbers("set it to 19°", rng), "set it to nineteen degrees")
        both = {spell_numbers("to 21.5 degrees", random.Random(i)) for i in range(20)}
        self.assertEqual(both, {"to twenty one point five degrees", "to twenty one and a half degrees"})


class TextTests(unittest.TestCase):
    def test_name_lists(self):
        rooms, devices = room_names(), device_names()
        self.assertEqual(len(rooms), 200)
        self.assertEqual(len(set(rooms)), 200)
        self.assertEqual(sum(len(v) for v in devices.values()), 300)
        self.assertIn("Emma's room", rooms + [r for r in room_names(count=1000)])

    def test_grammar_samples_are_words_only(self):
        sampler = GrammarSampler([HA_SENTENCES])
        rng = random.Random(1)
        for _ in range(500):
            text, intent = sampler.sample(rng)
            self.assertTrue(intent.startswith("Hass"))
            self.assertIsNone(re.search(r"[0-9%°{}<>\[\]()|]", text), text)

    def test_extra_grammar_with_its_own_lists_and_wildcards(self):
        home = Path(tempfile.mkdtemp()) / "home.yaml"
        home.write_text(
            'language: en\n'
            'intents:\n'
            '  HubStartTimer:\n'
            '    data:\n'
            '      - sentences: ["start a {minutes} minute timer called {label}"]\n'
            '  HubClean:\n'
            '    data:\n'
            '      - sentences: ["clean the {area}"]\n'
            'lists:\n'
            '  minutes: {range: {from: 1, to: 90}}\n'
            '  label: {wildcard: true}\n'
            '  area: {values: ["man cave"]}\n')
        sampler = GrammarSampler([HA_SENTENCES, home])
        self.assertIn("HubStartTimer", sampler.intent_names)
        areas = [v.text_in.text for v in sampler.lists["area"].values]
        self.assertIn("man cave", areas)
        self.assertIn("kitchen", areas)
        rng = random.Random(3)
        texts = [t for t, intent in (sampler.sample(rng) for _ in range(400)) if intent == "HubStartTimer"]
        self.assertTrue(texts)
        for text in texts:
            self.assertRegex(text, r"start a [a-z ]+ minute timer called [a-z' ]+$")

    def test_expansion_rule_starting_with_a_space_stays_a_word_of_its_own(self):
        with tempfile.TemporaryDirectory() as folder:
            home = Path(folder) / "home.yaml"
            home.write_text(
                'language: en\n'
                'intents:\n'
                '  HubSetColorTemp:\n'
                '    data:\n'
                '      - sentences: ["set the lights to {kelvin}<kelvin>"]\n'
                'lists:\n'
                '  kelvin: {range: {from: 2700, to: 2700}}\n'
                'expansion_rules:\n'
                '  kelvin: " (kelvin|k)"\n')
            sampler = GrammarSampler([HA_SENTENCES, home])
            rng = random.Random(0)
            texts = {t for t, intent in (sampler.sample(rng) for _ in range(800)) if intent == "HubSetColorTemp"}
        self.assertTrue(texts)
        for text in texts:
            self.assertRegex(text, r"set the lights to [a-z ]+ (kelvin|k)( |$)")
        self.assertIn("set the lights to two thousand seven hundred kelvin", texts)

    def test_tidy_drops_double_determiners(self):
        self.assertEqual(tidy("what's the the lamp"), "what's the lamp")
        self.assertEqual(tidy("turn on our Emma's lamp"), "turn on Emma's lamp")

    def test_short_and_general_text(self):
        rng = random.Random(2)
        for _ in range(300):
            for text, _ in (short_text(rng), general_text(rng)):
                self.assertTrue(text)
                self.assertIsNone(re.search(r"[0-9]", text), text)


if __name__ == "__main__":
    unittest.main()
