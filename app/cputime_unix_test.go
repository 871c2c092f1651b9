//go:build unix

package app

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used: on a machine
// shared with other work a benchmark's wall time is not the code's cost.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
