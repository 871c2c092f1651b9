//go:build race

package bundle

// raceEnabled: the race detector slows decoding about tenfold, so the
// heaviest tests run at a smaller scale under it.
const raceEnabled = true
