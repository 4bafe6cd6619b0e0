"""The privacy detector on the labelled corpus (tests/privacy_corpus/): recall per kind of
identifying data, false refusals per kind of coordination message, and the time to check a
500-character message (p50/p95 over many). Targets: recall >= 97% on every kind, false
refusals <= 2%, p95 < 5 ms. It uses the example configuration's detector (its agency and
staff names are allowed), as a coalition's bot does.

    .venv/bin/python -m bench.privacy [--show-misses]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict

from bench.stats import percentile
from protocols.privacy import Detector, detector_for
from tests.helpers.command_harness import example_config
from tests.privacy_corpus.corpus import IDENTIFYING, PASSING, load

# Written after the detector was first tuned on the main corpus and measured once as it
# stood (recall 48/54, false refusals 1/43); its misses were then fixed, so it is a
# second sample now, no longer held out.
SECOND_IDENTIFYING = load("heldout_identifying")
SECOND_PASSING = load("heldout_passing")


def recall(detector: Detector, show: bool) -> dict[str, tuple[int, int]]:
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, text in IDENTIFYING + SECOND_IDENTIFYING:
        found = detector.find(text) is not None
        by_kind[kind][0] += found
        by_kind[kind][1] += 1
        if show and not found:
            print(f"  missed {kind}: {text}")
    return {k: (v[0], v[1]) for k, v in by_kind.items()}


def false_refusals(detector: Detector, show: bool) -> dict[str, tuple[int, int]]:
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, text in PASSING + SECOND_PASSING:
        found = detector.find(text)
        by_kind[kind][0] += found is not None
        by_kind[kind][1] += 1
        if show and found is not None:
            print(f"  refused {kind} as {found.kind}: {text}")
    return {k: (v[0], v[1]) for k, v in by_kind.items()}


def timings(detector: Detector, runs: int = 2000) -> list[float]:
    rng = random.Random(5)
    texts = [t for _, t in PASSING]
    out = []
    for _ in range(runs):
        text = ""
        while len(text) < 500:
            text += rng.choice(texts) + ". "
        text = text[:500]
        start = time.perf_counter()
        detector.find(text)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    detector = detector_for(example_config())
    detector.find("warm up the name lexicon")
    print(
        f"identifying snippets: {len(IDENTIFYING)} + {len(SECOND_IDENTIFYING)}; "
        f"coordination messages: {len(PASSING)} + {len(SECOND_PASSING)}"
    )
    print("recall by kind (target >= 97%):")
    for kind, (hit, total) in sorted(recall(detector, args.show_misses).items()):
        print(f"  {kind:15} {hit:4}/{total:<4} {100 * hit / total:6.1f}%")
    refused = false_refusals(detector, args.show_misses)
    print("false refusals by kind (target <= 2%):")
    for kind, (bad, total) in sorted(refused.items()):
        print(f"  {kind:15} {bad:4}/{total:<4} {100 * bad / total:6.1f}%")
    bad = sum(b for b, _ in refused.values())
    total = sum(t for _, t in refused.values())
    print(f"  {'all':15} {bad:4}/{total:<4} {100 * bad / total:6.1f}%")
    ms = timings(detector)
    print(
        f"500-character message: p50 {percentile(ms, 50):.2f} ms, "
        f"p95 {percentile(ms, 95):.2f} ms, max {max(ms):.2f} ms (target p95 < 5 ms)"
    )


if __name__ == "__main__":
    main()
