import tempfile
import unittest
from pathlib import Path

import numpy as np

from training.engines import TIMBRE_DIMS, KokoroEngine


class KokoroVoiceVectorTests(unittest.TestCase):
    """The style vector built from a voice spec, without loading the Kokoro model."""

    @classmethod
    def setUpClass(cls):
        rng = np.random.default_rng(0)
        cls.a, cls.b = rng.normal(size=(510, 1, 256)), rng.normal(size=(511, 1, 256))
        cls.tmp = tempfile.TemporaryDirectory()
        path = Path(cls.tmp.name) / "voices.npz"
        np.savez(path, va=cls.a.astype(np.float32), vb=cls.b.astype(np.float32))
        cls.engine = KokoroEngine.__new__(KokoroEngine)
        cls.engine.vectors = np.load(path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_blend_and_extrapolation_are_weighted_sums_over_shared_rows(self):
        np.testing.assert_allclose(self.engine.voice_vector("va*0.25+vb*0.75"),
                                   0.25 * self.a + 0.75 * self.b[:510], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(self.engine.voice_vector("va*1.40+vb*-0.40"),
                                   1.4 * self.a - 0.4 * self.b[:510], rtol=1e-5, atol=1e-5)

    def test_split_takes_timbre_and_prosody_from_each_side(self):
        vector = self.engine.voice_vector("va|vb")
        self.assertEqual(vector.shape, (510, 1, 256))
        np.testing.assert_allclose(vector[..., :TIMBRE_DIMS], self.a[..., :TIMBRE_DIMS], rtol=1e-6)
        np.testing.assert_allclose(vector[..., TIMBRE_DIMS:], self.b[:510, :, TIMBRE_DIMS:], rtol=1e-6)

    def test_unknown_voice_is_named(self):
        with self.assertRaisesRegex(KeyError, "vz"):
            self.engine.voice_vector("va*0.5+vz*0.5")


if __name__ == "__main__":
    unittest.main()
