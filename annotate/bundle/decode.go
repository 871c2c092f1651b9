package bundle

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// This file is a streaming JSON reader for bundle entries. It holds a
// 64 KiB window of the entry and at most one string of a record beyond
// what it returns, checks every string's length against the limit of its
// field while it decodes it, refuses invalid UTF-8, control characters
// and unpaired surrogates with their byte offset, and charges every byte
// it keeps to a budget shared by the entries decoded in parallel.
// encoding/json would have needed the whole entry in memory, and silently
// turns invalid UTF-8 into U+FFFD.

const (
	windowBytes = 64 << 10
	// maxKeyBytes is longer than any field name; a longer key is refused
	// as unknown without reading it all.
	maxKeyBytes = 16
	// shortBytes is the longest string shortKey reads without allocating.
	shortBytes = 64
	// maxSpaceBytes bounds the white space around one record (or before
	// the first and after the last): indented JSON needs a few hundred.
	maxSpaceBytes = 4 << 10
	// copyBelow: strings up to this size are copied out of the reusable
	// scratch buffer; longer ones take the buffer over.
	copyBelow = 64 << 10
)

// errOverBudget is returned when the decoded records would take more
// memory than Limits.MaxRecordMemory.
var errOverBudget = errors.New("over the memory budget")

// budget is the memory the records of one Read may take, shared by the
// entries decoded in parallel.
type budget struct {
	limit int64
	used  atomic.Int64
}

func (b *budget) charge(n int64) error {
	if b.used.Add(n) > b.limit {
		return errOverBudget
	}
	return nil
}

// posError is a problem at a byte offset of an entry.
type posError struct {
	off  int64
	msg  string
	long bool // a string longer than its limit
}

func (e *posError) Error() string { return fmt.Sprintf("byte %d: %s", e.off, e.msg) }

// decoder reads JSON from one entry.
type decoder struct {
	r       io.Reader
	buf     []byte
	pos     int   // next unread byte of buf
	end     int   // end of the data in buf
	base    int64 // offset in the entry of buf[0]
	eof     bool
	size    int64 // of the entry: no string can decode to more than is left
	budget  *budget
	scratch []byte
	key     [shortBytes]byte
	space   int // white space since the current record started
	// maxDepth is Limits.MaxDepth, for messages about deep nesting.
	maxDepth int
}

// newDecoder reads an entry of size bytes from r.
func newDecoder(r io.Reader, size int64, b *budget) *decoder {
	return &decoder{r: r, size: size, buf: make([]byte, min(windowBytes, max(size+1, 256))), budget: b, maxDepth: DefaultLimits().MaxDepth}
}

// fail returns an error at the current position.
func (d *decoder) fail(format string, args ...any) error {
	return &posError{off: d.base + int64(d.pos), msg: fmt.Sprintf(format, args...)}
}

// syntax returns an error at the current position for input that is not
// JSON.
func (d *decoder) syntax(format string, args ...any) error {
	return &posError{off: d.base + int64(d.pos), msg: "invalid JSON: " + fmt.Sprintf(format, args...)}
}

// found returns the error for byte c where what was expected. When c
// opens an array or object nested deeper than Limits.MaxDepth allows, it
// says so, as Read did when it scanned whole entries for depth first.
func (d *decoder) found(c byte, format string, args ...any) error {
	at := d.base + int64(d.pos)
	msg := fmt.Sprintf(format, args...) + ", found " + describe(c)
	if (c == '[' || c == '{') && d.tooDeep() {
		msg = fmt.Sprintf("JSON nests deeper than %d levels", d.maxDepth)
	}
	return &posError{off: at, msg: "invalid JSON: " + msg}
}

// tooDeep reads the array or object at d.pos far enough to tell whether
// it nests deeper than maxDepth, skipping strings, without keeping
// anything; it gives up (false) after 1 MiB.
func (d *decoder) tooDeep() bool {
	depth, inString, escaped := 0, false, false
	for n := 0; n < 1<<20; n++ {
		if d.pos >= d.end {
			if ok, err := d.fill(); !ok || err != nil {
				return false
			}
		}
		c := d.buf[d.pos]
		d.pos++
		switch {
		case inString && escaped:
			escaped = false
		case inString:
			escaped, inString = c == '\\', c != '"'
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			if depth++; depth > d.maxDepth {
				return true
			}
		case c == ']' || c == '}':
			if depth--; depth == 0 {
				return false
			}
		}
	}
	return false
}

// fill moves the unread bytes to the front of the window and reads more.
// It reports whether there is at least one unread byte.
func (d *decoder) fill() (bool, error) {
	if d.pos > 0 {
		d.end = copy(d.buf, d.buf[d.pos:d.end])
		d.base += int64(d.pos)
		d.pos = 0
	}
	for !d.eof && d.end < len(d.buf) {
		n, err := d.r.Read(d.buf[d.end:])
		d.end += n
		if err == io.EOF {
			d.eof = true
		} else if err != nil {
			return false, err
		}
		if n > 0 {
			break
		}
	}
	return d.pos < d.end, nil
}

// need makes at least n unread bytes available, unless the entry ends.
func (d *decoder) need(n int) error {
	for d.end-d.pos < n && !d.eof && (d.pos > 0 || d.end < len(d.buf)) {
		if _, err := d.fill(); err != nil {
			return err
		}
	}
	return nil
}

// peek returns the next byte without consuming it.
func (d *decoder) peek() (byte, error) {
	if d.pos >= d.end {
		ok, err := d.fill()
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, d.syntax("unexpected end of the entry")
		}
	}
	return d.buf[d.pos], nil
}

// skipSpace skips JSON white space, at most maxSpaceBytes per record.
func (d *decoder) skipSpace() error {
	for {
		for d.pos < d.end {
			switch d.buf[d.pos] {
			case ' ', '\n', '\r', '\t':
				d.pos++
				d.space++
			default:
				return d.checkSpace()
			}
		}
		if err := d.checkSpace(); err != nil {
			return err
		}
		if ok, err := d.fill(); err != nil || !ok {
			return err
		}
	}
}

func (d *decoder) checkSpace() error {
	if d.space > maxSpaceBytes {
		return d.fail("more than %d bytes of white space around one record", maxSpaceBytes)
	}
	return nil
}

// expect consumes byte c after optional white space.
func (d *decoder) expect(c byte, what string) error {
	if err := d.skipSpace(); err != nil {
		return err
	}
	got, err := d.peek()
	if err != nil {
		return err
	}
	if got != c {
		return d.found(got, "expected %s", what)
	}
	d.pos++
	return nil
}

// describe names a byte found where something else was expected.
func describe(c byte) string {
	switch {
	case c == '"':
		return "a string"
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c >= 0x21 && c < 0x7f:
		return fmt.Sprintf("%q", c)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// null consumes a JSON null if one comes next.
func (d *decoder) null() (bool, error) {
	c, err := d.peek()
	if err != nil || c != 'n' {
		return false, err
	}
	if err := d.need(4); err != nil {
		return false, err
	}
	if d.end-d.pos < 4 || string(d.buf[d.pos:d.pos+4]) != "null" {
		return false, d.syntax("invalid literal")
	}
	d.pos += 4
	return true, nil
}

// word decodes a short string and returns the element of known it equals,
// so enumerations share one string; other values are returned as read.
func (d *decoder) word(what string, known []string) (string, error) {
	s, err := d.shortKey(what, wordBytes)
	if err != nil {
		return "", err
	}
	for _, k := range known {
		if string(s) == k {
			return k, nil
		}
	}
	return string(s), d.budget.charge(int64(len(s)))
}

// shortKey reads a string of at most max bytes into the key buffer (or,
// with escapes, through str) and returns it; it is valid until the next
// read.
func (d *decoder) shortKey(what string, max int) ([]byte, error) {
	if c, err := d.peek(); err != nil {
		return nil, err
	} else if c != '"' {
		return nil, d.found(c, "%s: expected a string", what)
	}
	if err := d.need(max + 2); err != nil {
		return nil, err
	}
	for i := d.pos + 1; i < d.end && i <= d.pos+1+max; i++ {
		c := d.buf[i]
		if c == '"' {
			n := copy(d.key[:], d.buf[d.pos+1:i])
			if n < i-d.pos-1 {
				break // longer than the key buffer: the slow way
			}
			d.pos = i + 1
			return d.key[:n], nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
	}
	s, err := d.str(what, max, max)
	return []byte(s), err
}

// integer decodes a JSON number that must be an integer of at most 18
// digits.
func (d *decoder) integer(what string) (int, error) {
	if err := d.need(21); err != nil {
		return 0, err
	}
	i := d.pos
	neg := i < d.end && d.buf[i] == '-'
	if neg {
		i++
	}
	digits := i
	n := 0
	for i < d.end && d.buf[i] >= '0' && d.buf[i] <= '9' {
		n = n*10 + int(d.buf[i]-'0')
		i++
		if i-digits > 18 {
			return 0, d.fail("%s: number too large", what)
		}
	}
	switch {
	case i == digits:
		if i < d.end {
			return 0, d.found(d.buf[i], "%s: expected a number", what)
		}
		return 0, d.syntax("%s: expected a number", what)
	case d.buf[digits] == '0' && i-digits > 1:
		return 0, d.syntax("%s: invalid number (leading zero)", what)
	case i < d.end && (d.buf[i] == '.' || d.buf[i] == 'e' || d.buf[i] == 'E'):
		return 0, d.fail("%s: not an integer", what)
	}
	d.pos = i
	if neg {
		n = -n
	}
	return n, nil
}

// fraction reads a JSON number between 0 and 1 (a confidence): at most
// 32 characters, parsed by strconv.
func (d *decoder) fraction(what string) (float64, error) {
	if err := d.need(33); err != nil {
		return 0, err
	}
	i := d.pos
	for i < d.end && i-d.pos < 33 && strings.IndexByte("0123456789.eE+-", d.buf[i]) >= 0 {
		i++
	}
	if i == d.pos {
		if i < d.end {
			return 0, d.fail("%s: expected a number, found %s", what, describe(d.buf[i]))
		}
		return 0, d.fail("%s: expected a number", what)
	}
	if i-d.pos > 32 {
		return 0, d.fail("%s: number too long", what)
	}
	f, err := strconv.ParseFloat(string(d.buf[d.pos:i]), 64)
	if err != nil || f < 0 || f > 1 {
		return 0, d.fail("%s: %s is not a number from 0 to 1", what, QuoteInput(string(d.buf[d.pos:i])))
	}
	d.pos = i
	return f, nil
}
