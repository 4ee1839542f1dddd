"""Default locations: the cache lives outside the repository."""
import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
VOICES_NPZ = SHARED / "data" / "tts" / "voices-all-kokoro-v1.0.npz"
HA_SENTENCES = SHARED / "data" / "ha-intents" / "sentences" / "en"


def default_cache() -> Path:
    """`$HUB_TRAINING_CACHE`, else `~/.cache/hub-training`."""
    return Path(os.environ.get("HUB_TRAINING_CACHE", Path.home() / ".cache" / "hub-training"))
