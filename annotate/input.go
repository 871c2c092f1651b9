// Checks of untrusted input, shared by the readers of every format.

package annotate

import (
	"fmt"
	"unicode/utf8"
)

// CheckJSONDepth scans untrusted JSON for arrays and objects nested
// deeper than max, before any decoder builds (or recurses into) them. It skips strings, honouring escapes, and
// leaves all other validation to the decoder.
func CheckJSONDepth(data []byte, max int) error {
	depth := 0
	inString, escaped := false, false
	for _, c := range data {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
			if depth > max {
				return fmt.Errorf("JSON nests deeper than %d levels", max)
			}
		case ']', '}':
			depth--
		}
	}
	return nil
}

// InvalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8, or -1 when it all is.
func InvalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}
