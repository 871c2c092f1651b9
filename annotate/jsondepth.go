package annotate

import "fmt"

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
