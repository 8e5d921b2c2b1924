#!/usr/bin/env python3
"""Judges the reports against what really happened (the generator's truth.jsonl).

Generates the same babies twice -- logged as families really log (realistic) and with every event
(complete) -- runs the local pipeline on each, and compares every report with the ground truth
that `./cradle generate` writes beside the warehouse. The truth's status comes from the truth's
mean sleep over the last 7 report days and the bands below (NSF 2015, AASM 2016), written here
apart from the notebook's.

Prints:
  sensitivity       of the babies truly outside every band for their age (by at least MARGIN_MIN),
                    the share the complete log reports as below/above
  false claims      babies whose report (realistic log) states a sleep status or a flag that the
                    truth contradicts
  unwarranted nudges completely logged babies asked to resume logging
  norm claims       completely logged babies given a sleep-norm status (within, may be appropriate,
                    below, above)

Exits 1 when --check is given and a figure misses its threshold.

Usage: ./cradle audit [--babies 500] [--seed 11] [--end 2026-11-25] [--out DIR] [--check]
"""
import argparse
import datetime as dt
import glob
import json
import os
import shlex
import subprocess
import sys

MARGIN_MIN = 30  # how far outside a band the truth must be to call a claim true or false
NUDGE = "resume logging"  # the English summary's request to log more
# calendar months -> recommended bands (hours; any source covering the age) and NSF's outer
# "may be appropriate" limits. AASM 2016's infant band runs 4-12 months, so at 12 months both
# AASM bands apply.
RECOMMENDED = [((0, 3), [(14, 17)]), ((4, 11), [(12, 15), (12, 16)]), ((12, 12), [(11, 14), (12, 16)]),
               ((13, 35), [(11, 14)]), ((36, 71), [(10, 13)])]
MAY_BE = [((0, 3), (11, 19)), ((4, 11), (10, 18)), ((12, 35), (9, 16)), ((36, 71), (8, 14))]
TREND_ABS = {"sleep_up": ("sleep_min", 75 / 2, 1), "sleep_down": ("sleep_min", 75 / 2, -1),
             "more_night_wakings": ("night_wakings", 0.5, 1),
             "fewer_night_wakings": ("night_wakings", 0.5, -1),
             "feeds_up": ("feeds", 1.0, 1), "feeds_down": ("feeds", 1.0, -1)}
CLAIMS = {"within", "may_be_appropriate", "below", "above"}


def months_between(birth, on):
    return (on.year - birth.year) * 12 + (on.month - birth.month) - (1 if on.day < birth.day else 0)


def band(months):
    rec = next((b for (lo, hi), b in RECOMMENDED if lo <= months <= hi), None)
    may = next((b for (lo, hi), b in MAY_BE if lo <= months <= hi), None)
    return rec, may


def status_range(status, months):
    """The hours a day the status stands for, as (low, high) minutes."""
    rec, may = band(months)
    lo, hi = min(b[0] for b in rec) * 60, max(b[1] for b in rec) * 60
    return {"within": (lo, hi), "may_be_appropriate": (may[0] * 60, may[1] * 60),
            "below": (0, may[0] * 60), "above": (may[1] * 60, 24 * 60)}[status]


def mean(xs):
    return sum(xs) / len(xs) if xs else None


def truth_window(t, end, first, last):
    """The baby's true days from `first` to `last` days before `end` (days it was alive)."""
    out = []
    for d in t["days"]:
        ago = (end - dt.date.fromisoformat(d["date"])).days
        if first <= ago <= last:
            out.append(d)
    return out


def run(cradle, mode, args):
    data = os.path.join(args.out, mode, "data")
    sh(cradle + ["generate", "--babies", str(args.babies), "--seed", str(args.seed), "--days", "28",
                 "--end", args.end, "--logging", mode, "--out", data])
    sh(cradle + ["run", "--date", args.end, "--data", data, "--out", os.path.join(args.out, mode),
                 "--force"])
    runs = sorted(glob.glob(os.path.join(args.out, mode, "gcs", "cradle-artifacts", "runs", args.end,
                                         "*", "notebook", "*", "report", "report.jsonl")),
                  key=os.path.getmtime)
    reports = {}
    with open(runs[-1], encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            reports[(r["user_id"], r["baby_id"])] = r
    truth = {}
    with open(os.path.join(data, "truth.jsonl"), encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            truth[(t["user_id"], t["baby_id"])] = t
    return reports, truth


def sh(cmd):
    print("+ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def false_claims(report, t, end):
    """The report's statements that the truth contradicts."""
    wrong = []
    months = months_between(dt.date.fromisoformat(t["birth_date"]), end)
    cur = truth_window(t, end, 0, 6)
    prev = truth_window(t, end, 7, 13)
    status = (report.get("sleep_norm") or {}).get("status")
    if status in CLAIMS and cur and band(months)[0]:
        true_mean = mean([d["sleep_min"] for d in cur])
        lo, hi = status_range(status, months)
        if true_mean < lo - MARGIN_MIN or true_mean > hi + MARGIN_MIN:
            wrong.append(f"sleep_norm:{status} (truly {true_mean / 60:.1f} h)")
    for flag in report.get("flags") or []:
        if flag in TREND_ABS:
            field, least, sign = TREND_ABS[flag]
            if not cur or not prev:
                wrong.append(f"flag:{flag} (no true days)")
                continue
            change = mean([d[field] for d in cur]) - mean([d[field] for d in prev])
            if change * sign < least:
                wrong.append(f"flag:{flag} (truly {change:+.1f})")
        elif flag == "no_dirty_diaper_3_days":
            if any(d["dirty_diapers"] for d in truth_window(t, end, 0, 2)):
                wrong.append("flag:" + flag)
    return wrong


def truly_outside(t, end):
    """'below', 'above' or None: the truth's last 7 days against every band, by MARGIN_MIN."""
    months = months_between(dt.date.fromisoformat(t["birth_date"]), end)
    cur = truth_window(t, end, 0, 6)
    rec, may = band(months) if months >= 0 else (None, None)
    if len(cur) < 7 or not rec:
        return None
    m = mean([d["sleep_min"] for d in cur])
    if m < may[0] * 60 - MARGIN_MIN:
        return "below"
    if m > may[1] * 60 + MARGIN_MIN:
        return "above"
    return None


def pct(n, d):
    return 100.0 * n / d if d else float("nan")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--babies", type=int, default=500)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--end", default="2026-11-25")
    p.add_argument("--out", default="cradle-out/audit")
    p.add_argument("--cradle", default="./cradle", help="the command line of cradle itself")
    p.add_argument("--check", action="store_true", help="exit 1 when a figure misses its threshold")
    args = p.parse_args()
    if args.babies < 1:
        p.error("--babies must be at least 1")
    cradle = shlex.split(args.cradle)
    end = dt.date.fromisoformat(args.end)
    realistic, truth = run(cradle, "realistic", args)
    complete, _ = run(cradle, "complete", args)

    outside = {k: s for k, s in ((k, truly_outside(t, end)) for k, t in truth.items()) if s}
    found = [k for k, s in outside.items()
             if (complete.get(k, {}).get("sleep_norm") or {}).get("status") == s]
    wrong = {k: w for k, w in ((k, false_claims(r, truth[k], end)) for k, r in realistic.items()) if w}
    nudged = [k for k, r in complete.items() if NUDGE in r["summary"]["en"]]
    claimed = [k for k, r in complete.items() if r["sleep_norm"]["status"] in CLAIMS]

    figures = [
        ("sensitivity", pct(len(found), len(outside)), f"{len(found)} of {len(outside)} babies truly"
         " outside every band reported below/above (complete log)", ">=", 85),
        ("false claims", pct(len(wrong), len(realistic)), f"{len(wrong)} of {len(realistic)} babies"
         " with a status or flag the truth contradicts (realistic log)", "<=", 2),
        ("unwarranted nudges", pct(len(nudged), len(complete)), f"{len(nudged)} of {len(complete)}"
         " completely logged babies asked to resume logging", "<=", 1),
        ("norm claims", pct(len(claimed), len(complete)), f"{len(claimed)} of {len(complete)}"
         " completely logged babies given a sleep-norm status", ">=", 85),
    ]
    print(f"audit: {args.babies} babies, seed {args.seed}, report date {args.end}")
    failed = []
    for name, value, what, op, limit in figures:
        ok = value >= limit if op == ">=" else value <= limit
        failed += [] if ok else [name]
        print(f"  {name:<19}{value:6.1f} %  (needs {op} {limit} %)  {what}{'' if ok else '  MISSED'}")
    by_claim = {}
    for w in wrong.values():
        for c in w:
            key = c.split(" (")[0]
            by_claim[key] = by_claim.get(key, 0) + 1
    for c, n in sorted(by_claim.items(), key=lambda kv: -kv[1]):
        print(f"      {n:4d}  {c}")
    missed = [k for k in outside if k not in found]
    for k in missed[:5]:
        print(f"  missed {k[0]}/{k[1]}: truly {outside[k]}, reported "
              f"{(complete.get(k, {}).get('sleep_norm') or {}).get('status')}")
    if args.check and failed:
        print("audit failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
