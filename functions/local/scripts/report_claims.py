#!/usr/bin/env python3
"""Does the report claim only what the log supports?

Generates the same babies twice -- logged as families really log (--logging realistic) and with
every event (--logging complete) -- runs the local pipeline on each and compares the reports baby
by baby. A *claim* is a sleep-norm status other than "not enough data" (or no age) or a flag about
the baby (flags about the log itself, such as not_logged_today, are not claims). Prints:

  unsupported: babies with a claim from the realistic log that the complete log does not make
  complete norm claims: babies for whom the complete log gives a sleep-norm status

Usage: functions/local/scripts/report_claims.py [--babies 400] [--seed 5] [--end 2026-11-25] [--out DIR]
       [--cradle "./cradle"]   (the command line to use; default ./cradle, which builds if stale)
"""
import argparse
import glob
import json
import os
import shlex
import subprocess
import sys

NO_CLAIM = {"not_enough_data", "unknown_age", "too_sparse", None}
# flags about the log, not the baby (the current and earlier report versions)
LOG_FLAGS = {"not_logged_today"}


def sh(cmd):
    print("+ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def reports(cradle, mode, args):
    data = os.path.join(args.out, mode, "data")
    sh(cradle + ["generate", "--babies", str(args.babies), "--seed", str(args.seed),
                 "--days", "28", "--end", args.end, "--logging", mode, "--out", data])
    sh(cradle + ["run", "--date", args.end, "--data", data, "--out", os.path.join(args.out, mode),
                 "--force"])
    runs = sorted(glob.glob(os.path.join(args.out, mode, "gcs", "cradle-artifacts", "runs",
                                         args.end, "*", "report", "report.jsonl")),
                  key=os.path.getmtime)
    out = {}
    with open(runs[-1], encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out[(r["user_id"], r["baby_id"])] = r
    return out


def claims(report):
    c = set()
    status = (report.get("sleep_norm") or {}).get("status")
    if status not in NO_CLAIM:
        c.add("sleep_norm:" + status)
    for flag in report.get("flags") or []:
        code = flag["code"] if isinstance(flag, dict) else flag
        if code not in LOG_FLAGS:
            c.add("flag:" + code)
    return c


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--babies", type=int, default=400)
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--end", default="2026-11-25")
    p.add_argument("--out", default="cradle-out/claims")
    p.add_argument("--cradle", default="./cradle")
    args = p.parse_args()
    cradle = shlex.split(args.cradle)
    realistic = reports(cradle, "realistic", args)
    complete = reports(cradle, "complete", args)

    unsupported = {}
    for key, r in realistic.items():
        extra = claims(r) - claims(complete.get(key, {}))
        if extra:
            unsupported[key] = extra
    norm_claims = sum(1 for r in complete.values() if claims(r) & {
        c for c in claims(r) if c.startswith("sleep_norm:")})
    by_claim = {}
    for extra in unsupported.values():
        for c in extra:
            by_claim[c] = by_claim.get(c, 0) + 1
    print(f"babies: realistic {len(realistic)}, complete {len(complete)}")
    print(f"unsupported: {len(unsupported)} of {len(realistic)} babies"
          f" ({100.0 * len(unsupported) / max(1, len(realistic)):.1f} %) have a claim from the"
          " realistic log that the complete log does not make")
    for c, n in sorted(by_claim.items(), key=lambda kv: -kv[1]):
        print(f"    {n:4d}  {c}")
    print(f"complete norm claims: {norm_claims} of {len(complete)} babies"
          f" ({100.0 * norm_claims / max(1, len(complete)):.1f} %)")


if __name__ == "__main__":
    main()
