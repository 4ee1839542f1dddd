"""Random sentences from Home Assistant-format intent YAML (hassil), lists filled with our names.

hassil's own `sample_expression` enumerates every expansion, which explodes with 200 rooms and
300 devices; this walks the same expression tree but draws one choice at each alternative.
"""
import random
import re
from pathlib import Path

from hassil.expression import (Alternative, Group, ListReference, Permutation, RuleReference,
                               Sequence, TextChunk)
from hassil.intents import Intents, RangeFractionType, RangeSlotList, TextSlotList, TextSlotValue
from hassil.util import merge_dict, normalize_whitespace
from yaml import safe_load

from training.text.names import device_names, floor_names, room_names
from training.text.numbers import spell_numbers
from training.text.words import lexicon


POLITE_PREFIXES = ["please", "can you", "could you", "would you", "i'd like to", "i want to",
                   "hey", "okay", "can you please", "please could you"]
POLITE_SUFFIXES = ["for me", "for me please", "now", "please", "thanks", "thank you"]

# Commands that start with one of these may take a polite prefix ("can you turn on …").
COMMAND_VERBS = {"turn", "set", "switch", "activate", "deactivate", "change", "make", "increase",
                 "decrease", "lower", "raise", "open", "close", "lock", "unlock", "start", "stop",
                 "bring", "adjust", "dim", "brighten", "put", "get", "shut", "power", "light"}
# HA templates put <the> before {name}, whose values may start with a determiner or a possessive:
# "the the heat lamp", "our Jack's bathroom". Drop the first determiner of such a pair.
DOUBLE_DETERMINER = re.compile(r"\b(?:the|my|our)\s+(?=(?:the|my|our)\b|[A-Z][a-z]*'s\b)")


def tidy(text: str) -> str:
    return DOUBLE_DETERMINER.sub("", text)


def grammar_files(paths: list[Path]) -> list[Path]:
    """YAML files under each path (a file or a folder); `_common.yaml` first in each folder."""
    files = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(path.glob("*.yaml"), key=lambda p: (p.name != "_common.yaml", p.name))
            files.extend(found)
        else:
            files.append(path)
    if not files:
        raise FileNotFoundError(f"no grammar YAML in {', '.join(map(str, paths))}")
    return files


def load_intents(files: list[Path]) -> dict:
    """The merged YAML of `files`, with ranges hassil's Python loader accepts.

    hassil reads a range's `step` as an integer, so `step: 0.5` (our Swift grammar engine's
    half-degree steps) becomes an integer range with `fractions: halves`: the same spoken forms. And
    hassil's parser drops the whitespace that starts an expansion rule's body (`kelvin: " (kelvin|k)"`,
    which follows a number), which would glue the rule to the word before it ("2700kelvin"); such a body
    is wrapped in a group, which keeps it.
    """
    merged: dict = {}
    for file in files:
        with open(file, encoding="utf-8") as f:
            merge_dict(merged, safe_load(f))
    for spec in (merged.get("lists") or {}).values():
        rng = spec.get("range") if isinstance(spec, dict) else None
        if rng and float(rng.get("step", 1)) == 0.5:
            rng["step"] = 1
            rng["fractions"] = "halves"
            rng["from"] = int(float(rng["from"]))
    rule_sets = [merged.get("expansion_rules") or {}]
    for intent in (merged.get("intents") or {}).values():
        rule_sets += [data.get("expansion_rules") or {} for data in (intent or {}).get("data") or []]
    for rules in rule_sets:
        for name, body in rules.items():
            if isinstance(body, str) and body[:1].isspace():
                rules[name] = f"({body})"
    return merged


class GrammarSampler:
    """Draws (text, intent) pairs from the intents in the given YAML files."""

    def __init__(self, paths: list[Path], seed: int = 0):
        self.intents = Intents.from_dict(load_intents(grammar_files(paths)))
        devices = device_names(seed)
        # {name} values per device domain, for templates that require e.g. a light.
        self.names = {domain: self._with_values("name", names) for domain, names in devices.items()}
        self.all_names = self._with_values("name", [n for v in devices.values() for n in v])
        self.lists = dict(self.intents.slot_lists)
        self.lists["area"] = self._with_values("area", room_names(seed))
        self.lists["floor"] = self._with_values("floor", floor_names())
        # Intent first, then one of its templates: intents with many templates do not crowd out
        # the others.
        self.templates = {intent.name: [(data, sentence) for data in intent.data
                                        for sentence in data.sentences]
                          for intent in self.intents.intents.values()}
        self.intent_names = sorted(name for name, t in self.templates.items() if t)

    def sample(self, rng: random.Random, tries: int = 20) -> tuple[str, str]:
        """One sentence, numbers spelled as words, and its intent name."""
        for _ in range(tries):  # a template may expand to nothing
            intent = rng.choice(self.intent_names)
            data, sentence = rng.choice(self.templates[intent])
            domain = data.requires_context.get("domain") or data.slots.get("domain")
            if isinstance(domain, list):
                domain = rng.choice(domain)
            names = self.names.get(domain, self.all_names) if isinstance(domain, str) else self.all_names
            lists = {**self.lists, **data.slot_lists, "name": names}
            rules = {**self.intents.expansion_rules, **data.expansion_rules}
            text = self._expand(sentence.expression, rng, lists, rules)
            text = tidy(normalize_whitespace(text).strip())
            if text:
                return spell_numbers(self._politeness(text, rng), rng), intent
        raise RuntimeError(f"grammar templates keep expanding to nothing (last: {intent})")

    def _with_values(self, name: str, ours: list[str]) -> TextSlotList:
        """Our generated names, plus any values the grammar itself lists under `name`."""
        theirs = self.intents.slot_lists.get(name)
        values = list(theirs.values) if isinstance(theirs, TextSlotList) else []
        return TextSlotList(name=name, values=values + TextSlotList.from_strings(ours).values)

    @staticmethod
    def _politeness(text: str, rng: random.Random) -> str:
        """Sometimes wrap the command in the skip words people add ("please", "can you")."""
        roll = rng.random()
        if text.split()[0] in COMMAND_VERBS:
            if roll < 0.1:
                return f"{rng.choice(POLITE_PREFIXES)} {text}"
            if roll < 0.17:
                return f"{text} {rng.choice(POLITE_SUFFIXES)}"
        elif roll < 0.05:
            return f"{text} {rng.choice(POLITE_SUFFIXES[-3:])}"
        return text

    def _expand(self, expr, rng, lists, rules) -> str:
        if isinstance(expr, TextChunk):
            return expr.original_text
        if isinstance(expr, Alternative):
            return self._expand(rng.choice(expr.items), rng, lists, rules)
        if isinstance(expr, Permutation):
            items = list(expr.items)
            rng.shuffle(items)
            return normalize_whitespace("".join(self._expand(i, rng, lists, rules) for i in items))
        if isinstance(expr, (Sequence, Group)):
            return "".join(self._expand(i, rng, lists, rules) for i in expr.items)
        if isinstance(expr, RuleReference):
            if expr.rule_name not in rules:
                raise KeyError(f"missing expansion rule <{expr.rule_name}>")
            return self._expand(rules[expr.rule_name].expression, rng, lists, rules)
        if isinstance(expr, ListReference):
            slot_list = lists.get(expr.list_name)
            if slot_list is None:
                raise KeyError(f"missing slot list {{{expr.list_name}}}")
            if isinstance(slot_list, TextSlotList):
                value: TextSlotValue = rng.choice(slot_list.values)
                return self._expand(value.text_in, rng, lists, rules)
            if isinstance(slot_list, RangeSlotList):
                return self._range_value(slot_list, rng)
            return self._wildcard(rng)
        raise TypeError(f"unexpected expression {expr!r}")

    @staticmethod
    def _wildcard(rng: random.Random) -> str:
        """Free text for a {wildcard} list (a timer name, a shopping item): 1-3 common words."""
        words, _ = lexicon()
        return " ".join(rng.choice(words[:5000]) for _ in range(rng.randint(1, 3)))

    @staticmethod
    def _range_value(slot_list: RangeSlotList, rng: random.Random) -> str:
        n = rng.randrange(slot_list.start, slot_list.stop + 1, slot_list.step)
        fractions = RangeFractionType.get_fractions(slot_list.fraction_type)
        if fractions and rng.random() < 0.4:
            return f"{n + rng.choice(fractions):g}"
        return str(n)
