package bundle

import (
	"fmt"
	"unicode/utf8"
	"unsafe"
)

// This file decodes JSON strings: with the limit of their field checked
// while they are read, invalid UTF-8 and unpaired surrogates refused, and
// a long string's buffer sized once and taken over rather than copied.

// str decodes the JSON string that comes next, refusing it once it is
// longer than maxBytes bytes or maxRunes characters. what names the field
// in errors.
func (d *decoder) str(what string, maxBytes, maxRunes int) (string, error) {
	if c, err := d.peek(); err != nil {
		return "", err
	} else if c != '"' {
		return "", d.found(c, "%s: expected a string", what)
	}
	start := d.base + int64(d.pos)
	d.pos++
	d.scratch = d.scratch[:0]
	runes := 0
	var charged int64
	// flush moves the plain bytes seen since seg to scratch and checks
	// the limits and the budget.
	seg := d.pos
	flush := func() error {
		d.grow(d.pos-seg+utf8.UTFMax, maxBytes) // and room for an escape

		d.scratch = append(d.scratch, d.buf[seg:d.pos]...)
		seg = d.pos
		if len(d.scratch) > maxBytes || runes > maxRunes {
			return d.tooLong(what, start, maxBytes, maxRunes)
		}
		if n := int64(cap(d.scratch)); n-charged >= 1<<20 {
			if err := d.budget.charge(n - charged); err != nil {
				return err
			}
			charged = n
		}
		return nil
	}
	for {
		if d.pos >= d.end {
			if err := flush(); err != nil {
				return "", err
			}
			ok, err := d.fill()
			if err != nil {
				return "", err
			}
			if !ok {
				return "", d.syntax("%s: the entry ends inside a string", what)
			}
			seg = d.pos
			continue
		}
		c := d.buf[d.pos]
		switch {
		case c == '"':
			var s string
			var kept int
			if len(d.scratch) == 0 {
				s = string(d.buf[seg:d.pos])
				kept = len(s)
				if len(s) > maxBytes || runes > maxRunes {
					return "", d.tooLong(what, start, maxBytes, maxRunes)
				}
			} else {
				if err := flush(); err != nil {
					return "", err
				}
				s, kept = d.take()
			}
			d.pos++
			// What the string keeps, less what its buffer was charged.
			if err := d.budget.charge(int64(kept) - charged); err != nil {
				return "", err
			}
			return s, nil
		case c == '\\':
			if err := flush(); err != nil {
				return "", err
			}
			if err := d.escape(what); err != nil {
				return "", err
			}
			runes++
			seg = d.pos
		case c < 0x20:
			return "", d.syntax("%s: control character 0x%02x in a string (JSON needs it escaped)", what, c)
		case c < utf8.RuneSelf:
			d.pos++
			runes++
		default:
			if !utf8.FullRune(d.buf[d.pos:d.end]) && !d.eof {
				// A character split across reads: keep its start.
				if err := flush(); err != nil {
					return "", err
				}
				if _, err := d.fill(); err != nil {
					return "", err
				}
				seg = d.pos
				continue
			}
			r, size := utf8.DecodeRune(d.buf[d.pos:d.end])
			if r == utf8.RuneError && size == 1 {
				return "", d.fail("%s: invalid UTF-8", what)
			}
			d.pos += size
			runes++
		}
	}
}

func (d *decoder) tooLong(what string, start int64, maxBytes, maxRunes int) error {
	if maxRunes < maxBytes {
		return &posError{off: start, long: true, msg: fmt.Sprintf("%s: longer than %d characters, the most a valid record holds", what, maxRunes)}
	}
	return &posError{off: start, long: true, msg: fmt.Sprintf("%s: longer than %d bytes, the most a valid record holds", what, maxBytes)}
}

// take returns scratch as a string and the bytes it keeps. A long one
// takes the buffer over instead of copying it, as strings.Builder does,
// so a 20 MB text is not held twice, unless the buffer is a quarter
// larger than the string; the decoder then starts a new buffer.
func (d *decoder) take() (string, int) {
	n, c := len(d.scratch), cap(d.scratch)
	if n < copyBelow {
		return string(d.scratch), n
	}
	if c-n > n/4 {
		s := string(d.scratch)
		d.scratch = nil
		return s, n
	}
	s := unsafe.String(unsafe.SliceData(d.scratch), n)
	d.scratch = nil
	return s, c
}

// grow makes room in scratch for n more bytes of a string limited to
// maxBytes. Up to 1 MiB append grows it; beyond, it grows once to the
// most the string can still become: its limit, or all that is left of
// the entry (a string never decodes to more bytes than it takes). A
// 20 MB text then allocates 21 MB instead of the 100 MB append's
// quarter-by-quarter growth allocates on the way.
func (d *decoder) grow(n, maxBytes int) {
	need := len(d.scratch) + n
	if need <= cap(d.scratch) || need <= 1<<20 {
		return
	}
	left := d.size - (d.base + int64(d.pos))
	most := int64(need) + max(left, 0)
	c := int(min(most, int64(maxBytes)+windowBytes))
	if c < need {
		c = need + need/4
	}
	grown := make([]byte, len(d.scratch), c)
	copy(grown, d.scratch)
	d.scratch = grown
}

// escape decodes the escape sequence at d.pos into scratch.
func (d *decoder) escape(what string) error {
	if err := d.need(2); err != nil {
		return err
	}
	if d.end-d.pos < 2 {
		return d.syntax("%s: the entry ends inside a string", what)
	}
	var r rune
	switch c := d.buf[d.pos+1]; c {
	case '"', '\\', '/':
		r = rune(c)
	case 'b':
		r = '\b'
	case 'f':
		r = '\f'
	case 'n':
		r = '\n'
	case 'r':
		r = '\r'
	case 't':
		r = '\t'
	case 'u':
		hi, err := d.hex4(what)
		if err != nil {
			return err
		}
		switch {
		case hi >= 0xDC00 && hi < 0xE000:
			return d.fail(`%s: \u%04x is half of a UTF-16 surrogate pair, not a character`, what, hi)
		case hi >= 0xD800 && hi < 0xDC00:
			if err := d.need(12); err != nil {
				return err
			}
			lo := rune(-1)
			if d.end-d.pos >= 12 && d.buf[d.pos+6] == '\\' && d.buf[d.pos+7] == 'u' {
				d.pos += 6 // hex4 reads at d.pos; need(12) leaves nothing to fill
				lo, err = d.hex4(what)
				d.pos -= 6
				if err != nil {
					return err
				}
			}
			if lo < 0xDC00 || lo >= 0xE000 {
				return d.fail(`%s: \u%04x is half of a UTF-16 surrogate pair, not a character`, what, hi)
			}
			d.scratch = utf8.AppendRune(d.scratch, 0x10000+(hi-0xD800)<<10+(lo-0xDC00))
			d.pos += 12
			return nil
		default:
			r = hi
		}
		d.scratch = utf8.AppendRune(d.scratch, r)
		d.pos += 6
		return nil
	default:
		return d.syntax("%s: invalid escape %s", what, describe(c))
	}
	d.scratch = append(d.scratch, byte(r))
	d.pos += 2
	return nil
}

// hex4 reads the four hex digits of the \u escape at d.pos.
func (d *decoder) hex4(what string) (rune, error) {
	if err := d.need(6); err != nil {
		return 0, err
	}
	if d.end-d.pos < 6 {
		return 0, d.syntax("%s: the entry ends inside a string", what)
	}
	var r rune
	for _, c := range d.buf[d.pos+2 : d.pos+6] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, d.syntax(`%s: invalid \u escape`, what)
		}
	}
	return r, nil
}
