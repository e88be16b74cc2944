#!/usr/bin/env python3
"""recheck.py CHARMGEN SET-DIR CHARMS-DIR: lint a judged set again with the
charmgen binary CHARMGEN and compare with SET-DIR/verdicts.tsv: judged false
positives still reported, judged true positives no longer reported, and
findings nobody judged. CHARMS-DIR holds the set's charms, fetched again
from the commits in SET-DIR/SOURCES.md. Where one location holds several
verdicts (the same rule reported twice there) and the linter now reports it
fewer times, the true positives are taken as the ones still reported."""
import collections, os, re, subprocess, sys

cg, setdir, charms = sys.argv[1:4]
judged = collections.defaultdict(list)
for line in open(os.path.join(setdir, "verdicts.tsv"), encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if f[0] == "charm" or len(f) < 5:
        continue
    judged[(f[0], f[1], f[2])].append((f[4], f[5][:120]))
now = collections.Counter()
for c in sorted(os.listdir(charms)):
    if not os.path.isdir(os.path.join(charms, c)):
        continue
    out = subprocess.run([cg, "lint", "--fail-on", "never", c], cwd=charms, capture_output=True, text=True).stdout
    for l in out.splitlines():
        m = re.match(r"(\S+?)/(\S+:\d+:\d+): (\w+)", l)
        if m:
            now[m.groups()] += 1
tp = fp = 0
for k, verdicts in sorted(judged.items()):
    # True positives first: they are the ones a shorter report keeps.
    verdicts = sorted(verdicts, key=lambda v: v[0] != "TP")
    for i, (verdict, why) in enumerate(verdicts):
        if i < now[k]:
            if verdict == "FP":
                print("still FP   ", *k, "-", why)
                fp += 1
            else:
                tp += 1
        elif verdict == "TP":
            print("lost TP    ", *k, "-", why)
unjudged = sorted(k for k in now if k not in judged)
for k in unjudged:
    print("not judged ", *k)
print(f"now: {tp} judged TP reported, {fp} judged FP reported, {len(unjudged)} not judged")
