"""pytest set-up: test modules whose packages are missing are left out, and the header says which.

`make test` runs the numpy-only tests everywhere (MFCC parity, model format, G2P). The data-generation
tests need `training/requirements.txt` (hassil, soundfile, …); the torch tests skip themselves unless
`training/requirements-train.txt` is installed.
"""
import importlib.util

NEEDS = {
    "test_calibrate_wake.py": ["soundfile", "scipy", "soxr"],
    "test_generate.py": ["soundfile", "soxr"],
    "test_jobs.py": ["hassil", "yaml"],
    "test_text.py": ["hassil", "wordfreq"],
}

collect_ignore = [module for module, packages in NEEDS.items()
                  if any(importlib.util.find_spec(package) is None for package in packages)]


def pytest_report_header(config):
    if collect_ignore:
        return f"left out for missing packages: {', '.join(collect_ignore)}"
    return None
