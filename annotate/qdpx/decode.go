package qdpx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// role is what an open element means to the decoder.
type role uint8

const (
	roleNone role = iota
	roleSource
	roleSelection
	roleCoding // Coding of the selection or source below it on the stack
	roleNote
	roleCase
	roleCode
	roleLink
	roleValue
)

type frame struct {
	name string
	typ  string
	ct   *complexType
	pi   int // current particle
	n    int // occurrences of it so far
	text []byte
	role role
}

type value struct {
	ref, v string
	set    bool
}

type decoder struct {
	types    map[string]*complexType
	lim      Limits
	p        *qProject
	stack    []frame
	elements int
	src      *qSource
	sel      *qSel
	note     *qNote
	cas      *qCase
	link     *qLink
	codes    []*qCode
	val      value
	coding   *[]string // where a CodeRef goes
}

// emptyList reports the list elements accepted empty though the schema
// requires a child: tools write <Codes/> for a project with no codes yet,
// <Users/> or <Notes/> likewise, and an empty list holds nothing to
// misread. An empty <Sources/> is accepted too (the project then imports
// nothing); Write never writes one.
func emptyList(name string) bool {
	switch name {
	case "Users", "CodeBook", "Codes", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs":
		return true
	}
	return false
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%s does not follow the REFI-QDA schema: %s", ProjectName, fmt.Sprintf(format, args...))
}

// decodeProject checks data against the schema's structure while
// decoding what Read needs. It refuses a DOCTYPE outright: entity
// declarations are how entity-expansion and external-entity attacks
// start, and no REFI-QDA tool writes one.
func decodeProject(data []byte, lim Limits) (*qProject, error) {
	d := &decoder{types: schemaTypes(), lim: lim, p: &qProject{
		users: map[string]string{}, codes: map[string]*qCode{}, variables: map[string]string{},
		notes: map[string]*qNote{}, guids: map[string]string{},
	}}
	// .NET tools (NVivo among them) write a UTF-8 byte-order mark
	// before the XML declaration; it says nothing the declaration does
	// not. A UTF-16 one says the document is UTF-16: it is decoded.
	data = bytes.TrimPrefix(decodeText(data), []byte("\uFEFF"))
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		// What is left is UTF-8: decoded from UTF-16 above, or declared
		// UTF-16 but written in UTF-8, as a .NET XmlWriter on a
		// StringWriter declares what is then saved as UTF-8.
		if l := strings.ToLower(label); l == "utf-16" || l == "utf-16le" || l == "utf-16be" {
			return r, nil
		}
		return nil, fmt.Errorf("encoding %q: only UTF-8 is read", label)
	}
	root := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s is not well-formed XML: %w", ProjectName, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, fmt.Errorf("%s has a DOCTYPE or other declaration (<!%s>): refused, as entity declarations can expand without bound or read other files", ProjectName, clip(string(t), 40))
		case xml.StartElement:
			if len(d.stack) == 0 && root {
				return nil, invalid("more than one root element")
			}
			root = true
			if err := d.start(t); err != nil {
				return nil, err
			}
		case xml.EndElement:
			if err := d.end(); err != nil {
				return nil, err
			}
		case xml.CharData:
			if err := d.chars(t); err != nil {
				return nil, err
			}
		}
	}
	if !root {
		return nil, invalid("no root element")
	}
	if len(d.stack) != 0 {
		return nil, fmt.Errorf("%s is not well-formed XML: it ends inside <%s>", ProjectName, d.stack[len(d.stack)-1].name)
	}
	return d.p, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func (d *decoder) start(t xml.StartElement) error {
	d.elements++
	if d.elements > d.lim.MaxElements {
		return fmt.Errorf("%s has more than %d elements; the limit is %d", ProjectName, d.lim.MaxElements, d.lim.MaxElements)
	}
	if len(d.stack) >= d.lim.MaxDepth {
		return fmt.Errorf("%s nests elements deeper than %d", ProjectName, d.lim.MaxDepth)
	}
	name := t.Name.Local
	if t.Name.Space != Namespace {
		return invalid("element <%s> is in namespace %q, not %q", name, clip(t.Name.Space, 60), Namespace)
	}
	attrs := map[string]string{}
	for _, a := range t.Attr {
		// Namespace declarations, xsi:schemaLocation and other qualified
		// attributes are not the schema's.
		if a.Name.Space == "" && a.Name.Local != "xmlns" {
			attrs[a.Name.Local] = a.Value
		}
	}

	var typ string
	if len(d.stack) == 0 {
		if name != "Project" {
			return invalid("the root element is <%s>, not <Project>", name)
		}
		typ = "Project"
	} else {
		parent := &d.stack[len(d.stack)-1]
		if parent.ct == nil {
			return invalid("<%s> inside <%s>, which holds text only", name, parent.name)
		}
		var ok bool
		if typ, ok = parent.accept(name); !ok {
			return invalid("<%s> is not allowed here in <%s> (unknown, out of order or repeated)", name, parent.name)
		}
	}
	f := frame{name: name, typ: typ}
	if !simpleType(typ) {
		f.ct = d.types[typ]
		for an, spec := range f.ct.attrs {
			v, ok := attrs[an]
			if !ok {
				if spec.required {
					return invalid("<%s> lacks its %s attribute", name, an)
				}
				continue
			}
			if !checkValue(spec.kind, v) {
				return invalid("<%s %s=%q>: not a valid %s", name, an, clip(v, 60), kindName(spec.kind))
			}
		}
	} else if len(attrs) > 0 {
		return invalid("<%s> takes no attributes", name)
	}
	if err := d.open(&f, attrs); err != nil {
		return err
	}
	d.stack = append(d.stack, f)
	return nil
}

func kindName(k byte) string {
	switch k {
	case 'G':
		return "GUID"
	case 'I':
		return "integer"
	case 'B':
		return "boolean"
	case 'D':
		return "date and time"
	case 'C':
		return "colour (#rrggbb)"
	}
	return "value"
}

// accept advances the parent's content model to child name and returns
// its type.
func (f *frame) accept(name string) (string, bool) {
	for f.pi < len(f.ct.seq) {
		p := &f.ct.seq[f.pi]
		if typ, ok := p.typeOf(name); ok && (p.max < 0 || f.n < p.max) {
			f.n++
			return typ, true
		}
		if f.n < p.min {
			return "", false
		}
		f.pi, f.n = f.pi+1, 0
	}
	return "", false
}

// complete reports the first required child missing from f.
func (f *frame) complete() (string, bool) {
	for i := f.pi; i < len(f.ct.seq); i++ {
		n := 0
		if i == f.pi {
			n = f.n
		}
		if n < f.ct.seq[i].min {
			return strings.Join(f.ct.seq[i].names, " or "), false
		}
	}
	return "", true
}

func (d *decoder) chars(t xml.CharData) error {
	if len(d.stack) == 0 {
		if len(bytes.TrimSpace(t)) > 0 {
			return fmt.Errorf("%s is not well-formed XML: text outside the root element", ProjectName)
		}
		return nil
	}
	f := &d.stack[len(d.stack)-1]
	if f.ct != nil {
		if len(bytes.TrimSpace(t)) > 0 {
			return invalid("text inside <%s>, which holds elements only", f.name)
		}
		return nil
	}
	f.text = append(f.text, t...)
	return nil
}

func (d *decoder) claim(guid, what string) error {
	g := recordID(guid)
	if prev, ok := d.p.guids[g]; ok {
		return invalid("GUID %s names both a %s and a %s", g, prev, what)
	}
	d.p.guids[g] = what
	return nil
}

func (d *decoder) parent() *frame {
	if len(d.stack) == 0 {
		return nil
	}
	return &d.stack[len(d.stack)-1]
}

// open records what the element means, from its parent's role.
func (d *decoder) open(f *frame, attrs map[string]string) error {
	parent := d.parent()
	prole := roleNone
	if parent != nil {
		prole = parent.role
	}
	guid := strings.TrimSpace(attrs["guid"])
	pos := func(name string) (int, bool) { return parseInteger(attrs[name]) }
	at := func(name string) time.Time {
		t, _ := parseDateTime(attrs[name])
		return t
	}
	switch {
	case f.name == "Project":
		d.p.name = attrs["name"]
	case f.name == "User":
		d.p.users[recordID(guid)] = attrs["name"]
	case f.name == "Code":
		c := &qCode{guid: recordID(guid), name: attrs["name"]}
		if len(d.codes) > 0 {
			c.parent = d.codes[len(d.codes)-1]
		}
		if err := d.claim(guid, "code"); err != nil {
			return err
		}
		d.p.codes[c.guid] = c
		d.codes = append(d.codes, c)
		f.role = roleCode
	case f.name == "Variable":
		d.p.variables[recordID(guid)] = attrs["name"]
	case f.name == "Case":
		if err := d.claim(guid, "case"); err != nil {
			return err
		}
		d.cas = &qCase{guid: recordID(guid), name: attrs["name"], values: map[string]string{}}
		d.p.cases = append(d.p.cases, d.cas)
		f.role = roleCase
	case f.name == "TextSource" && parent.name == "Sources":
		if err := d.claim(guid, "source"); err != nil {
			return err
		}
		d.src = &qSource{guid: recordID(guid), name: attrs["name"], plainTextPath: attrs["plainTextPath"],
			richTextPath: attrs["richTextPath"], created: at("creationDateTime"), values: map[string]string{}}
		d.p.sources = append(d.p.sources, d.src)
		f.role = roleSource
	case f.name == "PDFSource" && parent.name == "Sources":
		// Read through its text Representation, if it has one (see end).
		if err := d.claim(guid, "source"); err != nil {
			return err
		}
		d.src = &qSource{guid: recordID(guid), name: attrs["name"], created: at("creationDateTime"), values: map[string]string{}, pdf: true}
		d.p.sources = append(d.p.sources, d.src)
		f.role = roleSource
	case f.name == "Representation" && prole == roleSource && d.src.pdf:
		d.src.plainTextPath, d.src.richTextPath, d.src.represented = attrs["plainTextPath"], attrs["richTextPath"], true
		if d.src.name == "" {
			d.src.name = attrs["name"]
		}
		f.role = roleSource
	case f.name == "PDFSelection" && prole == roleSource:
		d.src.areas++
	case parent != nil && parent.name == "Sources":
		name := attrs["name"]
		if name == "" {
			name = recordID(guid)
		}
		kind := strings.TrimSuffix(f.name, "Source")
		d.p.others = append(d.p.others, fmt.Sprintf("source %q skipped: a %s source, not text", name, kind))
	case f.name == "PlainTextSelection" && prole == roleSource:
		if err := d.claim(guid, "selection"); err != nil {
			return err
		}
		s := &qSel{guid: recordID(guid), name: attrs["name"], user: recordID(strings.TrimSpace(attrs["creatingUser"])),
			created: at("creationDateTime"), modified: at("modifiedDateTime"), index: len(d.src.selections)}
		s.start, s.startOK = pos("startPosition")
		s.end, s.endOK = pos("endPosition")
		d.sel = s
		d.src.selections = append(d.src.selections, s)
		f.role = roleSelection
	case f.name == "Coding" && prole == roleSelection:
		d.coding = &d.sel.codes
		f.role = roleCoding
		if t := at("creationDateTime"); !t.IsZero() {
			d.sel.codingTimes = append(d.sel.codingTimes, t)
		}
	case f.name == "Coding" && prole == roleSource:
		d.coding = &d.src.codes
		f.role = roleCoding
	case f.name == "CodeRef" && prole == roleCoding:
		*d.coding = append(*d.coding, recordID(attrs["targetGUID"]))
	case f.name == "NoteRef":
		ref := recordID(attrs["targetGUID"])
		switch prole {
		case roleSelection:
			d.sel.notes = append(d.sel.notes, ref)
		case roleCoding:
			if d.coding == &d.sel.codes {
				d.sel.notes = append(d.sel.notes, ref)
			}
		case roleSource:
			d.src.notes = append(d.src.notes, ref)
		case roleLink:
			d.link.notes = append(d.link.notes, ref)
		}
	case f.name == "Note" && parent.name == "Notes":
		d.note = &qNote{guid: recordID(guid), name: attrs["name"], plainTextPath: attrs["plainTextPath"]}
		d.p.notes[d.note.guid] = d.note
		f.role = roleNote
	case f.name == "VariableValue" && (prole == roleSource || prole == roleCase):
		d.val = value{}
		f.role = roleValue
	case f.name == "VariableRef" && prole == roleValue:
		d.val.ref = recordID(attrs["targetGUID"])
	case f.name == "SelectionRef" && prole == roleCase:
		d.cas.selections = append(d.cas.selections, recordID(attrs["targetGUID"]))
	case f.name == "Link":
		if err := d.claim(guid, "link"); err != nil {
			return err
		}
		d.link = &qLink{guid: recordID(guid), name: attrs["name"], direction: attrs["direction"],
			origin: recordID(attrs["originGUID"]), target: recordID(attrs["targetGUID"])}
		d.p.links = append(d.p.links, d.link)
		f.role = roleLink
	}
	return nil
}

// end closes the innermost element: checks that nothing required is
// missing and stores its text where it belongs.
func (d *decoder) end() error {
	f := &d.stack[len(d.stack)-1]
	if f.ct != nil {
		if missing, ok := f.complete(); !ok && !(emptyList(f.name) && f.pi == 0 && f.n == 0) {
			return invalid("<%s> lacks a <%s>", f.name, missing)
		}
	} else if !checkSimple(f.typ, string(f.text)) {
		return invalid("<%s>%s</%s>: not a valid %s", f.name, clip(string(f.text), 40), f.name, f.typ)
	}
	d.stack = d.stack[:len(d.stack)-1]
	parent := d.parent()
	prole := roleNone
	if parent != nil {
		prole = parent.role
	}
	text := string(f.text)
	switch {
	case f.role == roleCode:
		d.codes = d.codes[:len(d.codes)-1]
	case f.role == roleSource && f.name == "Representation":
	case f.role == roleSource:
		if d.src.pdf && !d.src.represented {
			// A PDF without text: no article.
			name := d.src.name
			if name == "" {
				name = d.src.guid
			}
			d.p.sources = d.p.sources[:len(d.p.sources)-1]
			d.p.others = append(d.p.others, fmt.Sprintf("source %q skipped: a PDF source, not text", name))
		}
		d.src = nil
	case f.role == roleSelection:
		d.sel = nil
	case f.role == roleValue:
		if d.val.set && d.val.ref != "" {
			if prole == roleCase {
				d.cas.values[d.val.ref] = d.val.v
			} else {
				d.src.values[d.val.ref] = d.val.v
			}
		}
	case f.name == "Description":
		switch prole {
		case roleCode:
			d.codes[len(d.codes)-1].description = text
		case roleCase:
			d.cas.description = text
		case roleSource:
			d.src.description = text
		case roleSelection:
			d.sel.description = text
		}
	case f.name == "PlainTextContent":
		switch prole {
		case roleSource:
			d.src.content, d.src.hasContent = text, true
		case roleNote:
			d.note.content, d.note.hasContent = text, true
		}
	case prole == roleValue && f.ct == nil:
		d.val.v, d.val.set = strings.TrimSpace(text), true
		if f.name == "TextValue" {
			d.val.v = text
		}
	}
	return nil
}
