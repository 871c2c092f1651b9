package annotate

import (
	"strings"
	"testing"
)

func TestCheckJSONDepth(t *testing.T) {
	for _, tc := range []struct {
		json string
		max  int
		ok   bool
	}{
		{`[]`, 1, true},
		{`[[]]`, 1, false},
		{`{"a":[{"b":1}]}`, 3, true},
		{`{"a":[{"b":[1]}]}`, 3, false},
		{`["[[[[[[", "{{{{"]`, 1, true},
		{`["\"[[[[", "\\"]`, 1, true},
		{`["\\", [[]]]`, 2, false},
		{strings.Repeat("[", 10000) + strings.Repeat("]", 10000), 64, false},
	} {
		if err := CheckJSONDepth([]byte(tc.json), tc.max); (err == nil) != tc.ok {
			t.Errorf("CheckJSONDepth(%.40q, %d): got %v, want ok %v", tc.json, tc.max, err, tc.ok)
		}
	}
}
