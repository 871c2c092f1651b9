//go:build race

package search

// raceEnabled is set when the tests run under the race detector, which
// makes the bigger tests much slower: they use smaller archives then.
const raceEnabled = true
