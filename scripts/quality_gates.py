#!/usr/bin/env python3
"""Run the shared evaluation scripts against a built `brandpulse` and compare with quality/floors.tsv.

Each floor is a minimum we have reached and only ever raise. Prints one line per metric and exits 1
when any metric is below its floor; skips (exit 0) with a message when ../shared is absent.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-2000:])
    return proc.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / ".build/debug/brandpulse"))
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--floors", default=str(ROOT / "quality/floors.tsv"))
    args = ap.parse_args()

    shared = Path(args.shared)
    if not (shared / "tools").is_dir():
        print(f"quality gates skipped: {shared} not found (CI provides ../shared)")
        return 0
    floors = {}
    for line in Path(args.floors).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("\t")[:2]
            floors[name] = float(value)

    results = {}
    score_cmd = f"{args.bin} score --input {{input}} --format jsonl"
    for tsv in sorted((shared / "eval/sentiment").glob("*.tsv")):
        out = run([sys.executable, str(shared / "tools/eval_sentiment.py"), str(tsv), "--cmd", score_cmd])
        m = re.search(r"macroF1=([\d.]+) acc=([\d.]+)", out)
        cov = re.search(r"^coverage\s+([\d.]+)", out, re.M)
        if m:
            results[f"sentiment.{tsv.stem}.macroF1"] = float(m.group(1))
        if cov and "binary set" in out:
            results[f"sentiment.{tsv.stem}.coverage"] = float(cov.group(1))
    out = run([sys.executable, str(shared / "tools/eval_langid.py"), str(shared / "eval/langid/dev.tsv"), "--cmd", score_cmd])
    m = re.search(r"acc=([\d.]+) n=", out)
    if m:
        results["langid.acc"] = float(m.group(1))
    out = run([sys.executable, str(shared / "tools/check_conformance.py"), "--cmd", f"{args.bin} parse {{file}} --format json"])
    m = re.search(r"passed=(\d+) total=(\d+) rate=([\d.]+)", out)
    if m:
        results["conformance.rate"] = float(m.group(3))

    failed = 0
    for name, floor in floors.items():
        value = results.get(name)
        ok = value is not None and value + 1e-9 >= floor
        failed += not ok
        shown = "missing" if value is None else f"{value:.4f}"
        print(f"{'ok  ' if ok else 'FAIL'} {name:34s} {shown:>8s}  (floor {floor:.4f})")
    for name in sorted(set(results) - set(floors)):
        print(f"info {name:34s} {results[name]:8.4f}  (no floor)")
    print(f"quality gates: {len(floors) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
