//go:build race

package qdpx

// raceEnabled is set when the tests run under the race detector, which
// makes the counting measurement several times slower; it then runs the
// held-out seeds and the regressions only. The measurement has no
// goroutines for the detector to check.
const raceEnabled = true
