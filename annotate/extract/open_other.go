//go:build !unix

package extract

// openNonblock: there are no named pipes to wait on here.
const openNonblock = 0
