import unittest

import numpy as np

from training.voices import TIMBRE_DIMS, parse_voice, style_vector


class StyleVectorTests(unittest.TestCase):
    """The Kokoro style vector built from a voice spec (numpy only: no model, no TTS)."""

    @classmethod
    def setUpClass(cls):
        rng = np.random.default_rng(0)
        cls.a = rng.normal(size=(510, 1, 256)).astype(np.float32)
        cls.b = rng.normal(size=(511, 1, 256)).astype(np.float32)  # a *_v0* pack has one row more
        cls.vectors = {"va": cls.a, "vb": cls.b}

    def test_blend_and_extrapolation_are_weighted_sums_over_shared_rows(self):
        np.testing.assert_allclose(style_vector(self.vectors, "va*0.25+vb*0.75"),
                                   0.25 * self.a + 0.75 * self.b[:510], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(style_vector(self.vectors, "va*1.40+vb*-0.40"),
                                   1.4 * self.a - 0.4 * self.b[:510], rtol=1e-5, atol=1e-5)
        np.testing.assert_array_equal(style_vector(self.vectors, "va"), self.a)

    def test_split_takes_timbre_and_prosody_from_each_side(self):
        vector = style_vector(self.vectors, "va|vb")
        self.assertEqual(vector.shape, (510, 1, 256))
        self.assertEqual(vector.dtype, np.float32)
        np.testing.assert_array_equal(vector[..., :TIMBRE_DIMS], self.a[..., :TIMBRE_DIMS])
        np.testing.assert_array_equal(vector[..., TIMBRE_DIMS:], self.b[:510, :, TIMBRE_DIMS:])

    def test_the_voice_packs_are_left_unchanged(self):
        before = self.a.copy()
        style_vector(self.vectors, "va|vb")
        np.testing.assert_array_equal(self.a, before)

    def test_unknown_voice_is_named(self):
        with self.assertRaisesRegex(KeyError, "vz"):
            style_vector(self.vectors, "va*0.5+vz*0.5")

    def test_parse_voice_splits_timbre_from_prosody(self):
        self.assertEqual(parse_voice("af_bella*0.6+am_adam*0.4|bm_fable*1.2+af_sky*-0.2"),
                         ([("af_bella", 0.6), ("am_adam", 0.4)], [("bm_fable", 1.2), ("af_sky", -0.2)]))
        self.assertEqual(parse_voice("af_bella"), ([("af_bella", 1.0)], [("af_bella", 1.0)]))


if __name__ == "__main__":
    unittest.main()
