// Package lintbench measures charmgen lint: the whole corpus of real
// charms (metadata only: the corpus holds YAML files) and a tree of 50
// Python charm files built from lint's fixture charms. run.sh runs these
// benchmarks and times the charmgen binary on the same inputs; README.md
// one level up holds the figures.
package lintbench
