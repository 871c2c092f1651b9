//go:build !unix

package atomicfile

import "os"

// canLock says there is no flock here: Cleanup goes by the files' age.
const canLock = false

func lock(*os.File) error { return nil }

func unlocked(string) (bool, error) { return false, nil }

// syncDir does nothing: folders cannot be synced here.
func syncDir(string) error { return nil }
