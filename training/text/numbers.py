"""Spell numbers as words, so TTS never reads digits (it reads them inconsistently).

`spell_numbers("set it to 21.5 degrees", rng)` → "set it to twenty one and a half degrees" or
"… twenty one point five degrees" (the variant is drawn from `rng`). Percent and degree signs
become words too.
"""
import random
import re

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = [(10**9, "billion"), (10**6, "million"), (1000, "thousand")]
FRACTION_WORDS = {"5": ["and a half"], "25": ["and a quarter"], "75": ["and three quarters"]}


def int_to_words(n: int, and_after_hundred: bool = False) -> str:
    """Cardinal words for a non-negative integer: 121 → "one hundred twenty one"."""
    if n < 0:
        return "minus " + int_to_words(-n, and_after_hundred)
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens] + ("" if ones == 0 else " " + ONES[ones])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = ONES[hundreds] + " hundred"
        if rest == 0:
            return head
        return head + (" and " if and_after_hundred else " ") + int_to_words(rest, and_after_hundred)
    for value, name in SCALES:
        if n >= value:
            high, rest = divmod(n, value)
            head = int_to_words(high, and_after_hundred) + " " + name
            if rest == 0:
                return head
            joiner = " and " if and_after_hundred and rest < 100 else " "
            return head + joiner + int_to_words(rest, and_after_hundred)
    raise AssertionError(n)


def decimal_variants(integer: str, fraction: str) -> list[str]:
    """All spoken forms of `integer.fraction`: "point" digit-by-digit, plus "and a half" etc."""
    whole = int_to_words(int(integer))
    variants = [whole + " point " + " ".join(ONES[int(d)] for d in fraction)]
    if int(integer) == 0:
        variants.append("point " + " ".join(ONES[int(d)] for d in fraction))
    else:
        variants += [whole + " " + w for w in FRACTION_WORDS.get(fraction.rstrip("0") or "0", [])]
    if set(fraction) == {"0"}:
        variants = [whole]
    return variants


def number_variants(token: str) -> list[str]:
    """Spoken forms of a digit string like "21", "21.5", "0.5"."""
    if "." in token:
        integer, fraction = token.split(".", 1)
        return decimal_variants(integer or "0", fraction)
    n = int(token)
    out = [int_to_words(n)]
    if n >= 100 and n % 100:
        out.append(int_to_words(n, and_after_hundred=True))
    return out


NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(\s*)(%|°|percent\b|degrees?\b)?", re.IGNORECASE)


def spell_numbers(text: str, rng: random.Random) -> str:
    """Replace every number (with an optional % or ° after it) by words, picking a variant."""
    def replace(m: re.Match) -> str:
        words = rng.choice(number_variants(m.group(1)))
        unit = (m.group(3) or "").lower()
        if unit in ("%", "percent"):
            return words + " percent"
        if unit == "°":
            return words + " degrees"
        return words + m.group(2) + unit
    out = NUMBER.sub(replace, text)
    return re.sub(r"\s+", " ", out).strip()
