//go:build unix

package qdpx

import (
	"syscall"
	"time"
)

// cpuSeconds is the CPU time this process has used, to report beside
// wall time on a machine shared with other work.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
