//go:build !race

package qdpx

const raceEnabled = false
