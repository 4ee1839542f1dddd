"""Generate TTS training audio into a cache outside the repository, resumably.

    python3 -m training.generate --cache ~/.cache/hub-training --hours 10

Walks the deterministic job list (training/jobs.py) from index 0, skipping jobs already in the
manifest, and for each: synthesises the text, writes a 16 kHz mono 16-bit WAV atomically
(tmp + rename), then appends one JSON line to `<cache>/manifest.jsonl`. Stop it at any time;
rerun the same command to continue. `--stats` summarises what the cache holds.
"""
import argparse
import collections
import fcntl
import resource
import sys
import time
from pathlib import Path

from training.engines import SAMPLE_RATE, EngineUnavailable, Engines
from training.fetch_kokoro import fetch
from training.jobs import JobList
from training.manifest import Manifest, read_manifest, write_wav
from training.paths import HA_SENTENCES, VOICES_NPZ, default_cache


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (espeak, flite)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class Throughput:
    """Audio seconds per CPU second, per engine."""

    def __init__(self):
        self.audio = collections.Counter()
        self.cpu = collections.Counter()
        self.count = collections.Counter()

    def add(self, engine: str, audio_s: float, cpu_s: float) -> None:
        self.audio[engine] += audio_s
        self.cpu[engine] += cpu_s
        self.count[engine] += 1

    def line(self) -> str:
        return "  ".join(f"{e}: {self.count[e]} utt {self.audio[e] / 3600:.2f} h "
                         f"{self.audio[e] / max(self.cpu[e], 1e-9):.2f} audio-s/cpu-s"
                         for e in sorted(self.count))


def job_list(args) -> JobList:
    return JobList([HA_SENTENCES, *args.grammar], seed=args.seed, tag=args.tag)


def generate(args) -> None:
    cache = args.cache
    cache.mkdir(parents=True, exist_ok=True)
    # One writer per slice of the job list: rows go out in single O_APPEND writes, so processes
    # walking disjoint --start ranges (one per core) can share the cache.
    lock = open(cache / f".generate-{args.tag}-{args.start}.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(f"another generator is already walking jobs from {args.start} into {cache} "
                 f"(lock {lock.name}); give this one another --start")

    rows = [r for r in read_manifest(cache) if (cache / r["path"]).exists()]
    done = {r["id"] for r in rows}
    hours = sum(r["duration"] for r in rows) / 3600
    print(f"cache {cache}: {len(done)} utterances, {hours:.2f} h already", flush=True)

    jobs = job_list(args)
    engines = Engines(lambda: fetch(cache), VOICES_NPZ)
    manifest = Manifest(cache)
    stats = Throughput()
    total_s = hours * 3600
    failures = 0
    start = time.time()
    for index in range(args.start, args.start + args.jobs):
        if total_s >= args.hours * 3600:
            print(f"reached {args.hours} h", flush=True)
            break
        job = jobs.job(index)
        if job.id in done or (args.engine and job.spec.engine not in args.engine) \
                or (args.split and job.spec.split != args.split) or (args.kind and job.kind not in args.kind):
            continue
        try:
            engine = engines.get(job.spec.engine)
        except EngineUnavailable:
            continue
        before = cpu_seconds()
        try:
            audio = engine.synth(job.prompt, job.spec)
        except Exception as e:  # one bad job must not stop an overnight run
            failures += 1
            print(f"FAIL {job.id} {job.spec.name} {job.text!r}: {e!r}", flush=True)
            if failures > 50:
                sys.exit("more than 50 failures; stopping")
            continue
        cpu = cpu_seconds() - before
        duration = len(audio) / SAMPLE_RATE
        write_wav(cache / job.relpath(), audio)
        manifest.append({
            "id": job.id, "path": str(job.relpath()), "text": job.text, "prompt": job.prompt,
            "kind": job.kind, "subkind": job.subkind, "intent": job.intent, "engine": job.spec.engine,
            "voice": job.spec.voice, "lang": job.spec.lang, "speed": job.spec.speed,
            "split": job.spec.split, "duration": round(duration, 3), "cpu_s": round(cpu, 3),
        })
        total_s += duration
        stats.add(job.spec.engine, duration, cpu)
        if sum(stats.count.values()) % args.log_every == 0:
            print(f"[{time.strftime('%H:%M:%S')}] job {index} total {total_s / 3600:.2f} h "
                  f"| this run {time.time() - start:.0f} s  {stats.line()}", flush=True)
    manifest.sync()
    print(f"done: this run {stats.line()}; total {total_s / 3600:.2f} h", flush=True)
    for name, error in engines.missing.items():
        print(f"skipped {name} jobs: {error}", flush=True)


def print_stats(cache: Path) -> None:
    rows = read_manifest(cache)
    print(f"{cache}: {len(rows)} utterances, {sum(r['duration'] for r in rows) / 3600:.2f} h")
    for key in ("split", "kind", "engine"):
        hours = collections.Counter()
        count = collections.Counter()
        for r in rows:
            hours[r[key]] += r["duration"] / 3600
            count[r[key]] += 1
        print(f"by {key}: " + ", ".join(f"{k} {count[k]} ({hours[k]:.2f} h)" for k in sorted(count)))
    throughput = Throughput()
    for r in rows:
        throughput.add(r["engine"], r["duration"], r["cpu_s"])
    print(f"throughput: {throughput.line()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=default_cache(),
                        help="output folder (default $HUB_TRAINING_CACHE or ~/.cache/hub-training)")
    parser.add_argument("--hours", type=float, default=10.0, help="stop once the cache holds this much audio")
    parser.add_argument("--grammar", type=Path, action="append", default=[],
                        help="extra hassil YAML file or folder (e.g. grammars/home.yaml); repeatable")
    parser.add_argument("--tag", default="v1", help="job-list name, part of every id; change it when the text sources change")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first job index")
    parser.add_argument("--jobs", type=int, default=10_000_000, help="number of job indices to walk")
    parser.add_argument("--engine", action="append", help="only jobs for this engine (repeatable)")
    parser.add_argument("--split", choices=("train", "dev"), help="only jobs of this split")
    parser.add_argument("--kind", action="append", choices=("command", "short", "general"),
                        help="only jobs of this kind (repeatable)")
    parser.add_argument("--log-every", type=int, default=50)
    parser.add_argument("--stats", action="store_true", help="summarise the cache and exit")
    parser.add_argument("--list", type=int, metavar="N", help="print the first N jobs from --start and exit")
    args = parser.parse_args()
    if args.stats:
        print_stats(args.cache)
    elif args.list:
        jobs = job_list(args)
        for index in range(args.start, args.start + args.list):
            job = jobs.job(index)
            print(f"{job.id}\t{job.spec.split}\t{job.kind}/{job.subkind}\t{job.spec.name}\t"
                  f"{job.spec.lang}\t{job.spec.speed}\t{job.text}")
    else:
        generate(args)


if __name__ == "__main__":
    main()
