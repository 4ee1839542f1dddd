"""Room, floor and device names to fill the grammar's lists: a seeded, deterministic mix of
plain names ("kitchen"), qualified ones ("guest bathroom", "upstairs hallway") and possessives
("Emma's room"), about 200 rooms and 300 devices. Each device carries a Home Assistant domain so
sentences that require e.g. a light get a light."""
import random

PEOPLE = ["Emma", "Noah", "Olivia", "Liam", "Ava", "Lucas", "Mia", "Ethan", "Sophie", "Jack",
          "Grace", "Leo", "Chloe", "Oscar", "Ruby", "Max", "Lily", "Sam", "Zoe", "Ben", "Isla",
          "Henry", "Anna", "Dad", "Mum", "Mom", "Grandma", "Grandpa", "Nina", "Theo"]
ROOMS = ["kitchen", "living room", "bedroom", "bathroom", "dining room", "hallway", "hall",
         "office", "study", "garage", "basement", "attic", "laundry room", "utility room",
         "nursery", "playroom", "den", "family room", "lounge", "sitting room", "porch",
         "patio", "garden", "backyard", "front yard", "balcony", "terrace", "pantry",
         "closet", "walk in closet", "entryway", "foyer", "mudroom", "guest room", "gym",
         "home gym", "library", "media room", "cinema room", "game room", "workshop",
         "shed", "conservatory", "sunroom", "landing", "stairs", "staircase", "loft",
         "cellar", "wine cellar", "spare room", "kids room", "master bedroom", "toilet",
         "powder room", "ensuite", "shower room", "driveway", "deck", "pool house",
         "greenhouse", "craft room", "music room", "reading nook", "breakfast nook",
         "boot room", "storage room", "server room", "corridor", "front porch", "back porch"]
ROOM_QUALIFIERS = ["guest", "master", "upstairs", "downstairs", "main", "small", "big",
                   "second", "back", "front", "kids", "east", "west", "north", "south",
                   "first floor", "ground floor", "top floor", "lower", "upper"]
ROOM_HEADS = ["bedroom", "bathroom", "hallway", "living room", "office", "toilet", "kitchen",
              "closet", "landing", "garden", "porch", "lounge", "den", "study", "room"]
FLOORS = ["ground", "first", "second", "third", "top", "upstairs", "downstairs", "basement",
          "main", "lower", "upper", "attic", "loft"]

DEVICES = {
    "light": ["light", "lights", "lamp", "desk lamp", "floor lamp", "table lamp", "reading lamp",
              "bedside lamp", "ceiling light", "night light", "pendant light", "chandelier",
              "spotlights", "strip lights", "led strip", "fairy lights", "wall light",
              "porch light", "flood light", "string lights", "accent light", "under cabinet lights",
              "mirror light", "vanity light", "sconce", "downlights", "lantern", "globe lamp",
              "salt lamp", "christmas lights", "tree lights", "cabinet light", "track lights",
              "mood light", "light bar", "light strip", "bulb", "overhead light", "lava lamp",
              "neon sign"],
    "fan": ["fan", "ceiling fan", "desk fan", "tower fan", "pedestal fan", "extractor fan",
            "exhaust fan", "box fan", "air circulator", "window fan"],
    "switch": ["coffee maker", "kettle", "toaster", "plug", "smart plug", "socket", "outlet",
               "heater", "space heater", "electric blanket", "dehumidifier", "humidifier",
               "air purifier", "water heater", "boiler", "towel rail", "towel warmer",
               "sprinkler", "sprinklers", "fountain", "pond pump", "pool pump", "hot tub",
               "dishwasher", "washing machine", "dryer", "tumble dryer", "oven", "microwave",
               "slow cooker", "rice cooker", "air fryer", "fridge", "freezer", "wine fridge",
               "printer", "computer", "monitor", "charger", "router", "aquarium",
               "fish tank", "diffuser", "radio", "speaker", "speakers", "soundbar",
               "television", "tv", "projector", "stereo", "record player", "game console",
               "robot vacuum", "vacuum", "doorbell", "camera", "security camera", "alarm",
               "siren", "irrigation", "heated floor", "mirror heater", "fireplace",
               "christmas tree", "espresso machine", "bread maker", "blender", "iron",
               "hair dryer", "heat lamp", "baby monitor", "white noise machine"],
    "climate": ["thermostat", "heating", "air conditioner", "air conditioning", "ac",
                "heat pump", "radiator", "climate", "hvac", "furnace", "mini split"],
    "cover": ["blinds", "blind", "curtains", "curtain", "shades", "shutters", "garage door",
              "gate", "awning", "skylight", "window", "roller blind", "drapes", "roof window"],
    "lock": ["front door", "back door", "door lock", "side door", "patio door", "deadbolt"],
}
DEVICE_BRANDS = ["hue", "lifx", "ikea", "philips", "sonos", "nest", "shelly", "tado",
                 "dyson", "roomba", "echo", "smart"]
COLOURS = ["red", "blue", "green", "white", "warm", "big", "small", "little", "old", "new",
           "left", "right", "corner", "round", "tall", "main", "middle", "outdoor", "indoor"]


def _unique(items):
    return list(dict.fromkeys(items))


def room_names(seed: int = 0, count: int = 200) -> list[str]:
    """About `count` room names: every base room, qualified rooms and possessives."""
    rng = random.Random(seed)
    out = list(ROOMS)
    extra = [f"{q} {h}" for q in ROOM_QUALIFIERS for h in ROOM_HEADS]
    extra += [f"{p}'s {h}" for p in PEOPLE for h in ("room", "bedroom", "office", "bathroom", "study")]
    rng.shuffle(extra)
    return _unique(out + extra)[:count]


def floor_names() -> list[str]:
    return list(FLOORS)


def device_names(seed: int = 0, count: int = 300) -> dict[str, list[str]]:
    """About `count` device names grouped by domain (light, fan, switch, climate, cover, lock)."""
    rng = random.Random(seed + 1)
    base = {d: list(v) for d, v in DEVICES.items()}
    total = sum(len(v) for v in base.values())
    rooms = room_names(seed)
    extra = []
    while total + len(extra) < count * 4:  # draw plenty, dedupe, then cut
        domain = rng.choice(["light"] * 4 + ["switch"] * 3 + ["fan", "climate", "cover", "lock"])
        head = rng.choice(base[domain])
        kind = rng.random()
        if kind < 0.45:
            name = f"{rng.choice(rooms)} {head}"
        elif kind < 0.65:
            name = f"{rng.choice(COLOURS)} {head}"
        elif kind < 0.8:
            name = f"{rng.choice(PEOPLE)}'s {head}"
        else:
            name = f"{rng.choice(DEVICE_BRANDS)} {head}"
        extra.append((domain, name))
    seen = {n for v in base.values() for n in v}
    for domain, name in extra:
        if total >= count:
            break
        if name not in seen:
            seen.add(name)
            base[domain].append(name)
            total += 1
    return base
