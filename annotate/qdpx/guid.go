package qdpx

import (
	"crypto/sha1"
	"strings"

	"github.com/google/uuid"

	"marginalia/annotate"
)

// namespaceGUID is the UUIDv5 namespace of the GUIDs Marginalia derives:
// the same record, kind, tag or verdict always gets the same GUID, so two
// exports of one library agree and an import recognises its own codes.
const namespaceGUID = "6d2f0c1e-5a7b-5c55-9a43-6d617267696e"

// guids derives the GUIDs of an export. It reuses one buffer, so it is
// for one goroutine.
type guids struct {
	ns  uuid.UUID
	buf []byte
}

func newGUIDs() *guids { return &guids{ns: uuid.MustParse(namespaceGUID)} }

// sum returns the name-based (version 5) UUID of what within its kind of
// thing, as uuid.NewSHA1 would, without allocating: an export derives
// several per annotation.
func (g *guids) sum(kind, what string) uuid.UUID {
	g.buf = append(append(append(append(g.buf[:0], g.ns[:]...), kind...), 0), what...)
	h := sha1.Sum(g.buf)
	var u uuid.UUID
	copy(u[:], h[:16])
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

// named returns the name-based GUID of what within its kind of thing.
func (g *guids) named(kind, what string) string { return g.sum(kind, what).String() }

// appendGUID appends u in canonical form.
func appendGUID(b []byte, u uuid.UUID) []byte {
	const digits = "0123456789abcdef"
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, digits[c>>4], digits[c&15])
	}
	return b
}

// appendGUIDAttr appends ` name="GUID"`.
func appendGUIDAttr(b []byte, name string, u uuid.UUID) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, '=', '"')
	b = appendGUID(b, u)
	return append(b, '"')
}

// record returns a record's GUID: its ID when that is a UUID in canonical
// form, as Marginalia's are, else a GUID derived from it.
func (g *guids) record(typ annotate.RecordType, id string) string {
	if len(id) == 36 {
		if u, err := uuid.Parse(id); err == nil && u.String() == id {
			return id
		}
	}
	return g.named(string(typ), id)
}

func (g *guids) kind(k annotate.Kind) string      { return g.named("kind", string(k)) }
func (g *guids) verdict(s annotate.Status) string { return g.named("verdict", string(s)) }
func (g *guids) tag(path string) string           { return g.named("tag", path) }
func (g *guids) user(name string) string          { return g.named("user", name) }

// Group codes and variables.
func (g *guids) group(name string) string    { return g.named("group", name) }
func (g *guids) variable(name string) string { return g.named("variable", name) }

// derived returns the GUID of something that belongs to parent (a coding,
// a note), distinguished by what.
func (g *guids) derived(parent, what string) string { return g.named(what, parent) }

// recordID turns a GUID of a project into a record ID: lower case,
// without the braces the schema allows.
func recordID(guid string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(guid, "{"), "}"))
}

// validGUID reports whether s matches the schema's GUIDType.
func validGUID(s string) bool {
	if len(s) == 38 {
		if s[0] != '{' || s[37] != '}' {
			return false
		}
		s = s[1:37]
	}
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}
