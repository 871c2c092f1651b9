package qdpx

import (
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"marginalia/annotate"
)

// writeProject writes project.qde to w: its elements in the order the
// schema wants them, flushed in large writes.
func (p *project) writeProject(w io.Writer, opts Options) error {
	o := &out{w: w, b: make([]byte, 0, 512<<10)}
	b := p.b
	o.b = append(o.b, `<?xml version="1.0" encoding="utf-8"?>`+"\n<Project"...)
	o.b = appendAttr(o.b, "xmlns", Namespace)
	o.b = appendAttr(o.b, "name", opts.Name)
	o.b = appendAttr(o.b, "origin", strings.TrimSpace("Marginalia "+opts.AppVersion))
	if opts.Creator != "" {
		o.b = appendAttr(o.b, "creatingUserGUID", p.userGUID[opts.Creator])
	}
	o.b = appendTimeAttr(o.b, "creationDateTime", opts.Generated)
	o.b = append(o.b, ">\n"...)

	if len(p.users) > 0 {
		o.b = append(o.b, "<Users>\n"...)
		for _, u := range p.users {
			o.b = append(o.b, "<User"...)
			o.b = appendAttr(o.b, "guid", p.userGUID[u])
			o.b = appendAttr(o.b, "name", u)
			o.b = append(o.b, "/>\n"...)
		}
		o.b = append(o.b, "</Users>\n"...)
	}
	p.writeCodeBook(o)
	p.writeVariables(o)
	p.writeCases(o)

	prog := &annotate.Progress{Fn: opts.Progress, Total: len(b.Articles) + len(b.Annotations)}
	if len(b.Articles) > 0 {
		o.b = append(o.b, "<Sources>\n"...)
		for i := range b.Articles {
			p.writeSource(o, i)
			o.flush(false)
			prog.Add(1 + len(p.byArt[i]))
		}
		o.b = append(o.b, "</Sources>\n"...)
	}
	p.writeNotes(o)
	p.writeLinks(o)
	o.b = append(o.b, "</Project>\n"...)
	o.flush(true)
	if prog.Total == 0 && opts.Progress != nil {
		opts.Progress(0, 0)
	}
	return o.err
}

func appendCode(b []byte, guid, name string, codable bool, colour, description string) []byte {
	b = append(b, "<Code"...)
	b = appendAttr(b, "guid", guid)
	b = appendAttr(b, "name", name)
	if codable {
		b = append(b, ` isCodable="true"`...)
	} else {
		b = append(b, ` isCodable="false"`...)
	}
	b = appendAttrIf(b, "color", colour)
	b = append(b, '>')
	if description != "" {
		b = appendElem(b, "Description", description)
	}
	return b
}

func (p *project) writeCodeBook(o *out) {
	g := p.g
	o.b = append(o.b, "<CodeBook><Codes>\n"...)
	o.b = appendCode(o.b, g.group(groupKinds), groupKinds, false, "", "Marginalia's highlight kinds: every annotation is coded with its kind.")
	o.b = append(o.b, '\n')
	for _, ks := range annotate.KindSpecs() {
		o.b = appendCode(o.b, g.kind(ks.Kind), ks.Label, true, rgb(ks.Light), "Marginalia kind "+string(ks.Kind))
		o.b = append(o.b, "</Code>\n"...)
	}
	o.b = append(o.b, "</Code>\n"...)
	o.b = appendCode(o.b, g.group(groupVerdicts), groupVerdicts, false, "", "An analyst's verdict on a claim.")
	o.b = append(o.b, '\n')
	for _, s := range annotate.Statuses() {
		o.b = appendCode(o.b, g.verdict(s), verdictName(s), true, "", "Marginalia verdict "+string(s))
		o.b = append(o.b, "</Code>\n"...)
	}
	o.b = append(o.b, "</Code>\n"...)
	if len(p.tagRoot.children) > 0 {
		o.b = appendCode(o.b, g.group(groupTags), groupTags, false, "", "Marginalia's tags; a tag written parent/child is a nested code.")
		o.b = append(o.b, '\n')
		var walk func(n *tagNode)
		walk = func(n *tagNode) {
			o.b = appendCode(o.b, g.tag(n.path), n.name, n.codable, "", "")
			for _, c := range n.children {
				walk(c)
			}
			o.b = append(o.b, "</Code>\n"...)
		}
		for _, c := range p.tagRoot.children {
			walk(c)
		}
		o.b = append(o.b, "</Code>\n"...)
	}
	o.b = append(o.b, "</Codes></CodeBook>\n"...)
}

func (p *project) writeVariables(o *out) {
	if len(p.b.Articles) == 0 && len(p.said) == 0 {
		return
	}
	var names []string
	if len(p.b.Articles) > 0 {
		names = append(names, articleVariables()...)
	}
	if len(p.said) > 0 {
		names = append(names, speakerVariables()...)
	}
	o.b = append(o.b, "<Variables>\n"...)
	for _, name := range names {
		typ := "Text"
		if name == varPublished {
			typ = "DateTime"
		}
		o.b = append(o.b, "<Variable"...)
		o.b = appendAttr(o.b, "guid", p.g.variable(name))
		o.b = appendAttr(o.b, "name", name)
		o.b = appendAttr(o.b, "typeOfVariable", typ)
		o.b = append(o.b, "/>\n"...)
	}
	o.b = append(o.b, "</Variables>\n"...)
}

func (p *project) appendTextValue(b []byte, variable, value string) []byte {
	if value == "" {
		return b
	}
	b = append(b, "<VariableValue><VariableRef"...)
	b = appendAttr(b, "targetGUID", p.g.variable(variable))
	b = append(b, "/>"...)
	b = appendElem(b, "TextValue", value)
	return append(b, "</VariableValue>"...)
}

// writeCases writes every speaker an annotation is attributed to as a
// Case: its name, note as description, role, affiliation and aliases as
// variables, and the selections and sources attributed to it.
func (p *project) writeCases(o *out) {
	if len(p.said) == 0 {
		return
	}
	o.b = append(o.b, "<Cases>\n"...)
	for i := range p.b.Speakers {
		s := &p.b.Speakers[i]
		anns := p.said[s.ID]
		if len(anns) == 0 {
			continue
		}
		o.b = append(o.b, "<Case"...)
		o.b = appendAttr(o.b, "guid", p.g.record(annotate.RecordSpeaker, s.ID))
		o.b = appendAttr(o.b, "name", s.Name)
		o.b = append(o.b, '>')
		if s.Note != "" {
			o.b = appendElem(o.b, "Description", s.Note)
		}
		o.b = p.appendTextValue(o.b, varRole, s.Role)
		o.b = p.appendTextValue(o.b, varAffiliation, s.Affiliation)
		o.b = p.appendTextValue(o.b, varAliases, strings.Join(s.Aliases, "; "))
		seen := map[string]bool{}
		for _, k := range anns {
			src := p.srcOf[p.b.Annotations[k].ArticleID]
			if !seen[src] {
				seen[src] = true
				o.b = append(o.b, "<SourceRef"...)
				o.b = appendAttr(o.b, "targetGUID", src)
				o.b = append(o.b, "/>"...)
			}
		}
		for _, k := range anns {
			o.b = append(o.b, "<SelectionRef"...)
			o.b = appendAttr(o.b, "targetGUID", p.annGUID[k])
			o.b = append(o.b, "/>"...)
		}
		o.b = append(o.b, "</Case>\n"...)
		o.flush(false)
	}
	o.b = append(o.b, "</Cases>\n"...)
}

func (p *project) appendCoding(b []byte, owner, code, user string, at time.Time) []byte {
	b = append(b, "<Coding"...)
	b = appendGUIDAttr(b, "guid", p.g.sum(code, owner))
	b = appendAttrIf(b, "creatingUser", user)
	b = appendTimeAttr(b, "creationDateTime", at)
	b = append(b, "><CodeRef"...)
	b = appendAttr(b, "targetGUID", code)
	return append(b, "/></Coding>"...)
}

func appendNoteRef(b []byte, guid string) []byte {
	b = append(b, "<NoteRef"...)
	b = appendAttr(b, "targetGUID", guid)
	return append(b, "/>"...)
}

// selectionName is the start of the quote, as QDA tools name quotations.
func selectionName(q string) string {
	const n = 60
	q = strings.Join(strings.Fields(q), " ")
	if utf8.RuneCountInString(q) <= n {
		return q
	}
	return string([]rune(q)[:n]) + "…"
}

func (p *project) writeSource(o *out, i int) {
	a := &p.b.Articles[i]
	guid := p.artGUID[i]
	b := append(o.b, "<TextSource"...)
	b = appendAttr(b, "guid", guid)
	b = appendAttr(b, "name", a.Title)
	b = appendAttr(b, "plainTextPath", "internal://"+guid+".txt")
	b = appendTimeAttr(b, "creationDateTime", a.Imported)
	b = append(b, ">\n"...)
	for _, k := range p.byArt[i] {
		n := &p.b.Annotations[k]
		sel := p.annGUID[k]
		user := p.userGUID[n.Creator]
		b = append(b, "<PlainTextSelection"...)
		b = appendAttr(b, "guid", sel)
		b = appendAttr(b, "name", selectionName(n.Quote.Exact))
		b = appendIntAttr(b, "startPosition", n.Span.Start)
		b = appendIntAttr(b, "endPosition", n.Span.End)
		b = appendAttrIf(b, "creatingUser", user)
		b = appendTimeAttr(b, "creationDateTime", n.Created)
		if !n.Modified.Equal(n.Created) {
			b = appendAttrIf(b, "modifyingUser", user)
			b = appendTimeAttr(b, "modifiedDateTime", n.Modified)
		}
		b = append(b, '>')
		// The kind and the tags are coded when the selection is made, so
		// their codings say no more than it does (and would add a third
		// to the project's size); a verdict is given later.
		b = p.appendCoding(b, sel, p.g.kind(n.Kind), "", time.Time{})
		if n.Status != "" {
			b = p.appendCoding(b, sel, p.g.verdict(n.Status), user, n.Modified)
		}
		for _, t := range n.Tags {
			b = p.appendCoding(b, sel, p.tagCodes[t], "", time.Time{})
		}
		if n.Note != "" {
			b = appendNoteRef(b, p.g.derived(sel, "note"))
		}
		b = append(b, "</PlainTextSelection>\n"...)
	}
	for _, t := range a.Tags {
		b = p.appendCoding(b, guid, p.tagCodes[t], "", time.Time{})
	}
	if a.Note != "" {
		b = appendNoteRef(b, p.g.derived(guid, "note"))
	}
	b = p.appendTextValue(b, varURL, a.URL)
	b = p.appendTextValue(b, varPublication, a.Source)
	b = p.appendTextValue(b, varByline, a.Byline)
	if !a.Published.IsZero() {
		b = append(b, "<VariableValue><VariableRef"...)
		b = appendAttr(b, "targetGUID", p.g.variable(varPublished))
		b = append(b, "/><DateTimeValue>"...)
		b = a.Published.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, "</DateTimeValue></VariableValue>"...)
	}
	o.b = append(b, "</TextSource>\n"...)
}

func appendNote(b []byte, guid, name, user string, at time.Time, text string) []byte {
	b = append(b, "<Note"...)
	b = appendAttr(b, "guid", guid)
	b = appendAttr(b, "name", name)
	b = appendAttrIf(b, "creatingUser", user)
	b = appendTimeAttr(b, "creationDateTime", at)
	b = append(b, '>')
	b = appendElem(b, "PlainTextContent", text)
	return append(b, "</Note>\n"...)
}

// writeNotes writes the notes of articles, annotations and links, each
// referred to by a NoteRef where it belongs.
func (p *project) writeNotes(o *out) {
	b := p.b
	opened := false
	start := func() {
		if !opened {
			opened = true
			o.b = append(o.b, "<Notes>\n"...)
		}
	}
	for i := range b.Articles {
		a := &b.Articles[i]
		if a.Note != "" {
			start()
			o.b = appendNote(o.b, p.g.derived(p.artGUID[i], "note"), "Note on "+selectionName(a.Title), "", a.Imported, a.Note)
		}
		for _, k := range p.byArt[i] {
			n := &b.Annotations[k]
			if n.Note != "" {
				start()
				o.b = appendNote(o.b, p.g.derived(p.annGUID[k], "note"), "Note on “"+selectionName(n.Quote.Exact)+"”", p.userGUID[n.Creator], n.Modified, n.Note)
				o.flush(false)
			}
		}
	}
	for _, l := range p.links() {
		if l.Note != "" {
			start()
			o.b = appendNote(o.b, p.g.derived(p.g.record(annotate.RecordLink, l.ID), "note"), "Note on a link ("+string(l.Relation)+")", p.userGUID[l.Creator], l.Created, l.Note)
		}
	}
	if opened {
		o.b = append(o.b, "</Notes>\n"...)
	}
}

// links returns the links whose ends are both in the project: a link to
// a record outside it would dangle in another tool.
func (p *project) links() []annotate.Link {
	var out []annotate.Link
	end := func(r annotate.Ref) string {
		if r.Type == annotate.RefArticle {
			return p.srcOf[r.ID]
		}
		return p.selOf[r.ID]
	}
	for _, l := range p.b.Links {
		if end(l.From) != "" && end(l.To) != "" {
			out = append(out, l)
		}
	}
	return out
}

// Direction is the REFI-QDA direction of a relation: symmetric relations
// are Associative, the others OneWay from the link's From end to its To
// end.
func Direction(r annotate.Relation) string {
	switch r {
	case annotate.RelFollowUp, annotate.RelSupports, annotate.RelSourceOf:
		return "OneWay"
	}
	return "Associative"
}

func (p *project) writeLinks(o *out) {
	links := p.links()
	if len(links) == 0 {
		return
	}
	end := func(r annotate.Ref) string {
		if r.Type == annotate.RefArticle {
			return p.srcOf[r.ID]
		}
		return p.selOf[r.ID]
	}
	o.b = append(o.b, "<Links>\n"...)
	for _, l := range links {
		guid := p.g.record(annotate.RecordLink, l.ID)
		o.b = append(o.b, "<Link"...)
		o.b = appendAttr(o.b, "guid", guid)
		o.b = appendAttr(o.b, "name", string(l.Relation))
		o.b = appendAttr(o.b, "direction", Direction(l.Relation))
		o.b = appendAttr(o.b, "originGUID", end(l.From))
		o.b = appendAttr(o.b, "targetGUID", end(l.To))
		if l.Note != "" {
			o.b = append(o.b, '>')
			o.b = appendNoteRef(o.b, p.g.derived(guid, "note"))
			o.b = append(o.b, "</Link>\n"...)
		} else {
			o.b = append(o.b, "/>\n"...)
		}
		o.flush(false)
	}
	o.b = append(o.b, "</Links>\n"...)
}
