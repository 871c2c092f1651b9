//go:build !unix

package bundle

// openNonblock: there are no named pipes to wait on here.
const openNonblock = 0
