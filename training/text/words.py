"""Short commands, isolated words and phonetically rich general English.

All text is generated here (never taken from the real recordings). Random word sequences draw
from wordfreq's top English words; they teach phonemes and serve as out-of-grammar speech.
"""
import random
from functools import lru_cache

from training.text.names import PEOPLE, device_names, room_names
from training.text.numbers import int_to_words

KEYWORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "zero", "one",
            "two", "three", "four", "five", "six", "seven", "eight", "nine", "bed", "bird", "cat",
            "dog", "happy", "house", "marvin", "sheila", "tree", "wow", "computer", "jarvis",
            "okay", "cancel", "pause", "play", "next", "previous", "back", "resume", "louder",
            "quieter", "mute", "unmute", "help", "lights", "light", "lamp", "fan", "heating",
            "open", "close", "lock", "unlock", "brighter", "dimmer", "warmer", "cooler", "start",
            "repeat", "skip", "thanks", "thank you", "never mind", "goodnight", "good morning",
            "hello", "hi", "hey", "wait", "done", "again", "more", "less", "all", "nothing",
            "kitchen", "bedroom", "bathroom", "living room", "office", "garage", "timer",
            "alarm", "music", "weather", "time", "volume", "temperature", "brightness",
            "percent", "degrees", "half", "quarter", "hundred", "point"]
WAKE_PHRASES = ["computer", "jarvis", "hey computer", "okay computer", "ok computer",
                "hey jarvis", "okay jarvis", "hello computer", "jarvis wake up", "computer listen"]
# Near misses for the wake words: the model must learn to tell them apart.
CONFUSERS = ["commuter", "compute", "computed", "competitor", "compuserve", "come pewter",
             "jar", "jars", "jarvis's", "harvest", "service", "nervous", "carvers", "garvey",
             "travis", "marvis", "davis", "jervis", "computing", "computation", "composure"]
SHORT_COMMANDS = ["turn on", "turn off", "switch on", "switch off", "lights on", "lights off",
                  "turn it on", "turn it off", "stop that", "go back", "volume up", "volume down",
                  "turn it up", "turn it down", "open the blinds", "close the blinds",
                  "lock the door", "unlock the door", "what time is it", "set a timer",
                  "cancel the timer", "stop the alarm", "good night", "i'm home", "i'm leaving",
                  "that's all", "nothing", "never mind", "not now", "yes please", "no thanks",
                  "all lights off", "all off", "dim the lights", "brighter please",
                  "make it warmer", "make it cooler", "what's the temperature", "is the door locked",
                  "start the fan", "stop the fan", "next song", "pause the music", "play music"]


def number_phrase(rng: random.Random) -> str:
    """A number in words: digits, teens, tens, up to a thousand, or a digit sequence."""
    roll = rng.random()
    if roll < 0.35:
        return int_to_words(rng.randrange(10))
    if roll < 0.7:
        return int_to_words(rng.randrange(10, 101))
    if roll < 0.85:
        return int_to_words(rng.randrange(101, 1000), and_after_hundred=rng.random() < 0.5)
    return " ".join(int_to_words(rng.randrange(10)) for _ in range(rng.randint(2, 5)))


def short_text(rng: random.Random) -> tuple[str, str]:
    """(text, subkind): an isolated word, wake phrase, near miss, short command or number."""
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(KEYWORDS), "word"
    if roll < 0.45:
        return rng.choice(WAKE_PHRASES), "wake"
    if roll < 0.55:
        return rng.choice(CONFUSERS), "confuser"
    if roll < 0.75:
        return rng.choice(SHORT_COMMANDS), "command"
    if roll < 0.9:
        return number_phrase(rng), "number"
    wake = rng.choice(WAKE_PHRASES[:2])
    return f"{wake} {rng.choice(SHORT_COMMANDS)}", "wake+command"


# Words left out of the random sequences: offensive ones, and fragments TTS would spell out.
BLOCKLIST = set("""
fuck fucking fucked fucker shit shitty bitch bitches ass asshole cunt dick dicks cock pussy
porn porno sex sexy slut whore nigga nigger fag faggot retard retarded rape raped rapist tit
tits boobs kinky nazi suicide kill killed killing murder penis vagina cum horny dildo
nb dat tho lol omg wtf btw idk tbh lmao rt im ive dont cant wont didnt doesnt isnt
""".split())


SHORT_WORDS = set("""a i ah am an as at be by do go he hi if in is it me my no of oh ok on or so to
up us we""".split())


@lru_cache(maxsize=1)
def lexicon(size: int = 20000) -> tuple[list[str], list[float]]:
    """wordfreq's top English words (letters and apostrophes only) with their frequencies."""
    from wordfreq import top_n_list, word_frequency
    words = [w for w in top_n_list("en", size * 2)
             if w.replace("'", "").isalpha() and w.isascii() and (len(w) > 1 or w in ("a", "i"))]
    words = [w for w in words if w not in BLOCKLIST and (len(w) > 2 or w in SHORT_WORDS)][:size]
    return words, [word_frequency(w, "en") for w in words]


SUBJECTS = ["the man", "my sister", "a small dog", "the children", "our neighbour", "she", "he",
            "they", "the old teacher", "everyone", "my friend", "the driver", "a young woman",
            "the cat", "nobody", "the doctor", "his brother", "the farmer", "we", "the girl",
            "the plumber", "my grandmother", "the baby", "a stranger", "the team", "her uncle"]
VERBS = ["walked to", "looked at", "talked about", "waited for", "forgot", "painted", "cleaned",
         "bought", "found", "carried", "opened", "fixed", "visited", "remembered", "watched",
         "followed", "borrowed", "sold", "moved", "left", "liked", "ignored", "counted",
         "dropped", "measured", "wrapped", "described", "pushed", "chased", "photographed"]
VERBS_BASE = ["fix", "clean", "check", "move", "paint", "replace", "sell", "buy", "find", "open",
              "wash", "repair", "return", "hide", "borrow", "measure", "move"]
OBJECTS = ["the red barn", "a heavy box", "the morning train", "the broken chair", "a new book",
           "the quiet river", "an empty bottle", "the garden gate", "a yellow kite", "the market",
           "the big window", "a warm jacket", "the last letter", "the village church",
           "a cup of tea", "the wooden bridge", "the blue car", "a long rope", "the tall tree",
           "the birthday cake", "a pair of shoes", "the old piano", "the green bicycle",
           "a bag of apples", "the shopping list", "the photo album", "the torn map"]
TAILS = ["", "", "yesterday", "last night", "in the rain", "before lunch", "after school",
         "every morning", "on sunday", "with great care", "without a word", "at the station",
         "near the park", "for an hour", "again", "by the lake", "in the evening", "twice"]
ADJECTIVES = ["cold", "warm", "hot", "dark", "bright", "noisy", "quiet", "messy", "tidy", "small",
              "crowded", "empty", "dusty", "stuffy", "chilly", "cosy", "damp"]
# In-domain chatter: home words in sentences that are not commands (for rejection).
CHATTER = [
    "I think the {room} is a bit too {adj} today",
    "did anyone leave the {device} on in the {room}",
    "the {device} in the {room} is making a strange noise",
    "we should {verb} the {device} tomorrow",
    "my brother said the {device} was broken again",
    "can you believe how {adj} the {room} gets in winter",
    "I bought a new {device} for the {room} last week",
    "remember to tell {person} about the {device}",
    "the {room} looks so much better with the new {device}",
    "who moved the {device} out of the {room}",
    "{person} is reading in the {room}",
    "it's too {adj} to sleep in the {room}",
    "I wonder if the {device} uses a lot of electricity",
    "the {room} was {adj} when we got home",
]
QUESTIONS = ["where did {subject} put {object}", "why did {subject} leave so early",
             "have you seen {object}", "what time does {object} arrive", "is it going to rain",
             "how long does it take to get to the {room}", "who {verb} {object}",
             "what did {subject} say about {object}", "do you know where {object} is"]


def sentence(rng: random.Random) -> str:
    """A simple natural sentence: narrative, question, or home chatter that is no command."""
    roll = rng.random()
    if roll < 0.4:
        parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)]
        return " ".join(p for p in parts if p)
    fields = {"subject": rng.choice(SUBJECTS), "object": rng.choice(OBJECTS),
              "verb": rng.choice(VERBS), "adj": rng.choice(ADJECTIVES),
              "room": rng.choice(_rooms()), "device": rng.choice(_devices()),
              "person": rng.choice(PEOPLE)}
    if roll < 0.65:
        return rng.choice(QUESTIONS).format(**fields)
    fields["verb"] = rng.choice(VERBS_BASE)
    return rng.choice(CHATTER).format(**fields)


@lru_cache(maxsize=1)
def _rooms() -> list[str]:
    return room_names()


@lru_cache(maxsize=1)
def _devices() -> list[str]:
    return [n for names in device_names().values() for n in names]


def general_text(rng: random.Random) -> tuple[str, str]:
    """(text, subkind): a random word sequence (3-12 words) or a simple natural sentence."""
    if rng.random() < 0.3:
        return sentence(rng), "sentence"
    words, freqs = lexicon()
    n = rng.randint(3, 12)
    if rng.random() < 0.5:
        chosen = [rng.choice(words) for _ in range(n)]
    else:
        chosen = rng.choices(words, weights=freqs, k=n)
    return " ".join(chosen), "random-words"
