package qdpx

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The writer builds XML by appending to byte slices: encoding/xml's
// reflection costs several times more on a 100,000-annotation project.

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// appendEscaped appends s escaped for an attribute value (attr) or for
// element content. Characters XML cannot carry become U+FFFD. In
// attributes, tabs and line breaks are written as character references so
// that attribute-value normalisation keeps them.
func appendEscaped(b []byte, s string, attr bool) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"' {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError && xmlChar(r) || r == utf8.RuneError && size == 3 {
				i += size
				continue
			}
		}
		var esc string
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '"':
			if !attr {
				i++
				continue
			}
			esc = "&quot;"
		case c == '\r':
			esc = "&#13;"
		case c == '\n':
			if !attr {
				i++
				continue
			}
			esc = "&#10;"
		case c == '\t':
			if !attr {
				i++
				continue
			}
			esc = "&#9;"
		default:
			esc = "\uFFFD"
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += size
		last = i
	}
	return append(b, s[last:]...)
}

// appendAttr appends ` name="value"`.
func appendAttr(b []byte, name, value string) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, '=', '"')
	b = appendEscaped(b, value, true)
	return append(b, '"')
}

// appendAttrIf appends the attribute when value is not empty.
func appendAttrIf(b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	return appendAttr(b, name, value)
}

func appendIntAttr(b []byte, name string, v int) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, '=', '"')
	b = strconv.AppendInt(b, int64(v), 10)
	return append(b, '"')
}

// appendTimeAttr appends an xsd:dateTime in UTC, to the nanosecond
// Marginalia keeps; nothing for the zero time.
func appendTimeAttr(b []byte, name string, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, '=', '"')
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendElem appends <name>text</name>.
func appendElem(b []byte, name, text string) []byte {
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	b = appendEscaped(b, text, false)
	b = append(b, '<', '/')
	b = append(b, name...)
	return append(b, '>')
}
