package bundle

import (
	"errors"
	"time"

	"marginalia/annotate"
)

// This file reads the fields of records: objects key by key, and each
// kind of value with the limit a valid record puts on it.

// open starts reading a JSON object: it reports false for a null (an
// empty object) where nullable. Then next returns each key in turn.
func (d *decoder) open(what string, nullable bool) (bool, error) {
	if err := d.skipSpace(); err != nil {
		return false, err
	}
	if nullable {
		if ok, err := d.null(); ok || err != nil {
			return false, err
		}
	}
	c, err := d.peek()
	if err != nil {
		return false, err
	}
	if c != '{' {
		return false, d.found(c, "expected %s: an object", what)
	}
	d.pos++
	return true, nil
}

// object reads the object what names (null is an absent object when
// nullable), calling member with each key once the decoder is at its
// value; member reads the value.
func (d *decoder) object(what string, nullable bool, member func(key []byte) error) error {
	if ok, err := d.open(what, nullable); !ok || err != nil {
		return err
	}
	for first := true; ; first = false {
		k, more, err := d.next(what, first)
		if !more || err != nil {
			return err
		}
		if err := member(k); err != nil {
			return err
		}
	}
}

// next reads the next key of the object open started (first says it is
// the first) and the colon after it, leaving the decoder at its value. It
// reports false at the end of the object. The key is valid until the next
// read.
func (d *decoder) next(what string, first bool) ([]byte, bool, error) {
	if err := d.skipSpace(); err != nil {
		return nil, false, err
	}
	c, err := d.peek()
	if err != nil {
		return nil, false, err
	}
	if c == '}' {
		d.pos++
		return nil, false, nil
	}
	if !first {
		if c != ',' {
			return nil, false, d.found(c, "%s: expected ',' or '}'", what)
		}
		d.pos++
		if err := d.skipSpace(); err != nil {
			return nil, false, err
		}
	}
	key, err := d.shortKey("field name", maxKeyBytes)
	if err != nil {
		if pe := (*posError)(nil); errors.As(err, &pe) {
			if pe.long {
				pe.msg = "unknown field, with a name longer than any field's"
			}
			pe.msg = what + ": " + pe.msg
		}
		return nil, false, err
	}
	if err := d.expect(':', "':'"); err != nil {
		return nil, false, err
	}
	return key, true, d.skipSpace()
}

// fields remembers which fields of a record were read, to refuse one
// given twice.
type fields struct {
	d    *decoder
	what string
	seen uint32
}

func (f *fields) once(bit uint, key string) error {
	if f.seen&(1<<bit) != 0 {
		return f.d.fail("%s: field %q appears twice", f.what, key)
	}
	f.seen |= 1 << bit
	return nil
}

func (f *fields) unknown(key []byte) error {
	return f.d.fail("%s: unknown field %s", f.what, QuoteInput(string(key)))
}

// text reads a nullable string field of at most maxBytes bytes and
// maxRunes characters.
func (f *fields) text(bit uint, key string, dst *string, maxBytes, maxRunes int) error {
	if err := f.once(bit, key); err != nil {
		return err
	}
	if ok, err := f.d.null(); ok || err != nil {
		return err
	}
	s, err := f.d.str(key, maxBytes, maxRunes)
	*dst = s
	return err
}

// runes reads a string field limited to maxRunes characters.
func (f *fields) runes(bit uint, key string, dst *string, maxRunes int) error {
	return f.text(bit, key, dst, runeBytes*maxRunes, maxRunes)
}

// id reads an ID-like field: short ASCII. Consecutive records often
// repeat one (an annotation's article), so the previous value is reused.
func (f *fields) id(bit uint, key string, dst *string, last *string) error {
	if err := f.once(bit, key); err != nil {
		return err
	}
	if ok, err := f.d.null(); ok || err != nil {
		return err
	}
	b, err := f.d.shortKey(key, idBytes)
	if err != nil {
		return err
	}
	if last != nil && string(b) == *last {
		*dst = *last
		return nil
	}
	*dst = string(b)
	if last != nil {
		*last = *dst
	}
	return f.d.budget.charge(int64(len(b)))
}

func (f *fields) word(bit uint, key string, dst *string, known []string) error {
	if err := f.once(bit, key); err != nil {
		return err
	}
	if ok, err := f.d.null(); ok || err != nil {
		return err
	}
	s, err := f.d.word(key, known)
	*dst = s
	return err
}

func (f *fields) time(bit uint, key string, dst *time.Time) error {
	if err := f.once(bit, key); err != nil {
		return err
	}
	if ok, err := f.d.null(); ok || err != nil {
		return err
	}
	b, err := f.d.shortKey(key, timeBytes)
	if err != nil {
		return err
	}
	if err := dst.UnmarshalText(b); err != nil {
		return f.d.fail("%s: %s is not an RFC 3339 time", key, QuoteInput(string(b)))
	}
	return nil
}

// list reads a nullable array of at most maxItems strings of at most
// maxRunes characters each.
func (f *fields) list(bit uint, key string, dst *[]string, maxItems, maxRunes int) error {
	if err := f.once(bit, key); err != nil {
		return err
	}
	d := f.d
	if ok, err := d.null(); ok || err != nil {
		return err
	}
	if c, err := d.peek(); err != nil {
		return err
	} else if c != '[' {
		return d.found(c, "%s: expected an array", key)
	}
	d.pos++
	out := make([]string, 0, 2)
	for first := true; ; first = false {
		if err := d.skipSpace(); err != nil {
			return err
		}
		c, err := d.peek()
		if err != nil {
			return err
		}
		switch {
		case c == ']':
			d.pos++
			*dst = out
			return d.budget.charge(int64(16 * cap(out)))
		case !first && c != ',':
			return d.found(c, "%s: expected ',' or ']'", key)
		case !first:
			d.pos++
			if err := d.skipSpace(); err != nil {
				return err
			}
		}
		if len(out) == maxItems {
			return d.fail("%s: more than %d, the most a valid record holds", key, maxItems)
		}
		s, err := d.str(key, runeBytes*maxRunes, maxRunes)
		if err != nil {
			return err
		}
		out = append(out, s)
	}
}

// span reads an annotation's span.
func (f *fields) span(bit uint, key string, dst *annotate.Span) error {
	if err := f.once(bit, key); err != nil {
		return err
	}
	d, in := f.d, fields{d: f.d, what: key}
	return d.object(key, true, func(k []byte) error {
		var err error
		switch string(k) {
		case "start":
			if err = in.once(0, "start"); err == nil {
				dst.Start, err = d.integer("start")
			}
		case "end":
			if err = in.once(1, "end"); err == nil {
				dst.End, err = d.integer("end")
			}
		default:
			err = in.unknown(k)
		}
		return err
	})
}

// quote reads an annotation's quote. The exact text is at most an
// article's text; prefix and suffix are the context QuoteAt keeps.
func (f *fields) quote(bit uint, key string, dst *annotate.Quote) error {
	if err := f.once(bit, key); err != nil {
		return err
	}
	d, in := f.d, fields{d: f.d, what: key}
	return d.object(key, true, func(k []byte) error {
		var err error
		switch string(k) {
		case "exact":
			err = in.text(0, "exact", &dst.Exact, annotate.MaxTextBytes, annotate.MaxTextBytes)
		case "prefix":
			err = in.runes(1, "prefix", &dst.Prefix, annotate.ContextRunes)
		case "suffix":
			err = in.runes(2, "suffix", &dst.Suffix, annotate.ContextRunes)
		default:
			err = in.unknown(k)
		}
		return err
	})
}

// ref reads one end of a link.
func (f *fields) ref(bit uint, key string, dst *annotate.Ref, v *vocab) error {
	if err := f.once(bit, key); err != nil {
		return err
	}
	d, in := f.d, fields{d: f.d, what: key}
	return d.object(key, true, func(k []byte) error {
		var err error
		switch string(k) {
		case "type":
			var s string
			err = in.word(0, "type", &s, v.refTypes)
			dst.Type = annotate.RefType(s)
		case "id":
			err = in.id(1, "id", &dst.ID, nil)
		default:
			err = in.unknown(k)
		}
		return err
	})
}
