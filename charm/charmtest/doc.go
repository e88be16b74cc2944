// Package charmtest runs a Go charm's hooks in process against a simulated
// Juju unit: state in, event in, state out, in the style of ops.testing.
//
// The simulated unit is jujusim's agent, the same one `charmgen sim` serves
// to real hook-tool processes, so a test here and a run under the simulator
// cannot disagree about what a hook tool does.
package charmtest
