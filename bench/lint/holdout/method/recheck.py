#!/usr/bin/env python3
"""recheck.py CHARMGEN SET-DIR CHARMS-DIR: lint a judged set again with the
charmgen binary CHARMGEN and compare with SET-DIR/verdicts.tsv: judged false
positives still reported, judged true positives no longer reported, and
findings nobody judged. CHARMS-DIR holds the set's charms, fetched again
from the commits in SET-DIR/SOURCES.md."""
import os, re, subprocess, sys

cg, setdir, charms = sys.argv[1:4]
judged = {}
for line in open(os.path.join(setdir, "verdicts.tsv"), encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if f[0] == "charm" or len(f) < 5:
        continue
    judged[(f[0], f[1], f[2])] = (f[4], f[5][:120])
now = set()
for c in sorted(os.listdir(charms)):
    if not os.path.isdir(os.path.join(charms, c)):
        continue
    out = subprocess.run([cg, "lint", "--fail-on", "never", c], cwd=charms, capture_output=True, text=True).stdout
    for l in out.splitlines():
        m = re.match(r"(\S+?)/(\S+:\d+:\d+): (\w+)", l)
        if m:
            now.add(m.groups())
tp = fp = 0
for k, (verdict, why) in sorted(judged.items()):
    if k in now:
        if verdict == "FP":
            print("still FP   ", *k, "-", why)
            fp += 1
        else:
            tp += 1
    elif verdict == "TP":
        print("lost TP    ", *k, "-", why)
for k in sorted(now - set(judged)):
    print("not judged ", *k)
print(f"now: {tp} judged TP reported, {fp} judged FP reported, {len(now - set(judged))} not judged")
