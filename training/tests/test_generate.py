"""End to end with espeak-ng only (fast, no model download): resumable, atomic, valid WAVs."""
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import soundfile as sf

from training.manifest import read_manifest

REPO = Path(__file__).resolve().parents[2]


def run(cache: Path, jobs: int, *flags: str) -> str:
    cmd = [sys.executable, "-m", "training.generate", "--cache", str(cache), "--engine", "espeak",
           "--jobs", str(jobs), "--log-every", "1000", *flags]
    return subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, text=True).stdout


@unittest.skipUnless(shutil.which("espeak-ng"), "espeak-ng not installed")
class GenerateTests(unittest.TestCase):
    def setUp(self):
        self.cache = Path(tempfile.mkdtemp())

    def tearDown(self):
        shutil.rmtree(self.cache)

    def test_resume_skips_done_and_survives_torn_line(self):
        run(self.cache, 150)
        first = read_manifest(self.cache)
        self.assertGreater(len(first), 3)
        self.assertFalse(any((self.cache / "models").glob("*")), "Kokoro fetched though unused")
        # A kill mid-write leaves a torn last line; a kill after rename leaves a WAV without a row.
        with open(self.cache / "manifest.jsonl", "a") as f:
            f.write('{"id": "v1-00')
        orphan = first[-1]
        lines = (self.cache / "manifest.jsonl").read_text().splitlines()
        kept = [l for l in lines if f'"{orphan["id"]}"' not in l]
        (self.cache / "manifest.jsonl").write_text("\n".join(kept) + "\n" + lines[-1])

        run(self.cache, 300)
        rows = read_manifest(self.cache)
        ids = [r["id"] for r in rows]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertIn(orphan["id"], ids)
        self.assertTrue(set(r["id"] for r in first) <= set(ids))
        self.assertGreater(len(rows), len(first))
        for row in rows:
            info = sf.info(self.cache / row["path"])
            self.assertEqual((info.samplerate, info.channels, info.subtype), (16000, 1, "PCM_16"))
            self.assertAlmostEqual(info.duration, row["duration"], places=2)
            self.assertEqual(row["engine"], "espeak")
        self.assertFalse(list(self.cache.rglob("*.tmp")))

    def test_split_and_kind_pick_those_jobs_only(self):
        run(self.cache, 3000, "--split", "dev", "--kind", "general")
        rows = read_manifest(self.cache)
        self.assertGreater(len(rows), 0)
        self.assertEqual({(r["split"], r["kind"]) for r in rows}, {("dev", "general")})
        # The same ids as the unfiltered walk makes: the rows stay valid for a later full run.
        full = Path(tempfile.mkdtemp())
        try:
            run(full, 3000)
            self.assertTrue({r["id"] for r in rows} <= {r["id"] for r in read_manifest(full)})
        finally:
            shutil.rmtree(full)

    def test_second_generator_on_the_same_slice_is_refused(self):
        import fcntl
        self.cache.mkdir(exist_ok=True)
        with open(self.cache / ".generate-v1-0.lock", "w") as lock:  # default --tag v1, --start 0
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            result = subprocess.run([sys.executable, "-m", "training.generate", "--cache",
                                     str(self.cache), "--engine", "espeak", "--jobs", "5"],
                                    cwd=REPO, capture_output=True, text=True)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("another generator", result.stderr)


if __name__ == "__main__":
    unittest.main()
