"""Benchmark of ``find_duplicates`` on the synthetic set (``manage.py bench_duplicates``).

Generates the set (or reuses the files cached under ``var/bench/``), runs ``manage.py
find_duplicates`` in a child process exactly as a user would — so the wall time and the peak
memory (the child's own ``ru_maxrss``, from ``os.wait4``) are those of the whole command,
Python and Django start-up included — then compares the pairs written with the injected truth:

    BENCH duplicates_precision 0.998 ratio
    BENCH duplicates_recall 0.991 ratio
    BENCH duplicates_f1 0.995 ratio
    BENCH duplicates_seconds 15.0 s
    BENCH duplicates_peak_mb 950 MB

followed by the recall per kind of injected duplicate and the false positives per kind of hard
negative.
"""

import csv
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from . import synthetic
from .engine import DEFAULT_THRESHOLD

BENCH_SEED = 42
DEFAULT_SIZE = 1_000_000


@dataclass
class Evaluation:
    true_pairs: int
    found_pairs: int
    true_positives: int
    recall_by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind: (found, all)
    false_positives_by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.true_positives / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def f1_of_kind(self, kind: str) -> float:
        """F1 of one kind of duplicate: its own recall with the overall precision (a false
        positive has no kind of duplicate)."""
        found, count = self.recall_by_kind[kind]
        recall = found / count if count else 1.0
        total = self.precision + recall
        return 2 * self.precision * recall / total if total else 0.0


def evaluate(pairs_path, truth) -> Evaluation:
    """Compares ``id_a,id_b,score`` rows with the truth ``(id_a, id_b, match, kind)``."""
    duplicates = {(a, b): kind for a, b, match, kind in truth if match}
    negatives = {(a, b): kind for a, b, match, kind in truth if not match}
    found: set[tuple[int, int]] = set()
    with open(pairs_path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for row in reader:
            a, b = int(row[0]), int(row[1])
            found.add((min(a, b), max(a, b)))
    true_positives = sum(1 for pair in found if pair in duplicates)
    all_kinds = Counter(duplicates.values())
    found_kinds = Counter(kind for pair, kind in duplicates.items() if pair in found)
    negative_kinds = Counter(negatives.values())
    false_kinds = Counter(negatives[pair] for pair in found if pair in negatives)
    false_kinds["other"] = len(found) - true_positives - sum(false_kinds.values())
    return Evaluation(
        true_pairs=len(duplicates),
        found_pairs=len(found),
        true_positives=true_positives,
        recall_by_kind={kind: (found_kinds[kind], count) for kind, count in all_kinds.items()},
        false_positives_by_kind={
            kind: (false_kinds[kind], negative_kinds.get(kind, 0))
            for kind in (*synthetic.NEGATIVE_KINDS, "other")
        },
    )


def bench_directory() -> Path:
    return Path(settings.BASE_DIR) / "var" / "bench"


def cached_set(size: int, seed: int, directory: Path, out=print) -> tuple[Path, Path]:
    """The people and truth files of ``(size, seed)``, generated once (per version of the
    generator)."""
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{size}-{seed}-v{synthetic.VERSION}"
    people = directory / f"people-{name}.csv"
    truth = directory / f"truth-{name}.csv"
    if not (people.exists() and truth.exists()):
        started = time.perf_counter()
        generated = synthetic.generate(size, seed)
        synthetic.write_csv(generated.people, people, seed=seed)
        synthetic.write_truth(generated.truth, truth)
        out(f"  jeu synthétique généré : {people} ({time.perf_counter() - started:.1f} s)")
    return people, truth


def run_command(people: Path, pairs: Path, threshold: float) -> tuple[float, float]:
    """Runs ``manage.py find_duplicates`` in a child; its wall time (s) and peak RSS (MB)."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    command = [sys.executable, str(manage), "find_duplicates", "--input", str(people),
               "--output", str(pairs), "--threshold", str(threshold)]  # fmt: skip
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as child:  # noqa: S603
        stderr = child.stderr.read()
        # wait4, not wait: the child's own resource usage, whatever else this process ran.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"find_duplicates failed:\n{stderr.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def run_benchmark(
    size: int = DEFAULT_SIZE,
    seed: int = BENCH_SEED,
    threshold: float = DEFAULT_THRESHOLD,
    directory: Path | None = None,
    out=print,
) -> Evaluation:
    directory = directory or bench_directory()
    people, truth_path = cached_set(size, seed, directory, out)
    pairs = people.with_name(people.name.replace("people-", "pairs-"))
    seconds, peak_mb = run_command(people, pairs, threshold)
    evaluation = evaluate(pairs, synthetic.read_truth(truth_path))
    out(f"BENCH duplicates_precision {evaluation.precision:.3f} ratio")
    out(f"BENCH duplicates_recall {evaluation.recall:.3f} ratio")
    out(f"BENCH duplicates_f1 {evaluation.f1:.3f} ratio")
    out(f"BENCH duplicates_seconds {seconds:.1f} s")
    out(f"BENCH duplicates_peak_mb {peak_mb:.0f} MB")
    out(
        f"  {size} personnes (graine {seed}), seuil {threshold:g} : {evaluation.true_pairs} "
        f"paires vraies, {evaluation.found_pairs} trouvées, {evaluation.true_positives} justes"
    )
    out("  doublons injectés, par type : trouvés / total, rappel, F1 (avec la précision globale)")
    for kind, (found, count) in sorted(evaluation.recall_by_kind.items()):
        out(
            f"    {kind:22s} {found:6d} / {count:6d}  rappel {found / count:.3f}  "
            f"F1 {evaluation.f1_of_kind(kind):.3f}"
        )
    out("  faux positifs, par type de négatif difficile : paires retenues / paires du jeu")
    for kind, (false, count) in evaluation.false_positives_by_kind.items():
        share = f"  ({false / count:.4%})" if count else ""
        out(f"    {kind:22s} {false:6d} / {count:6d}{share}")
    return evaluation
