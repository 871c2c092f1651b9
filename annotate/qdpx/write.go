package qdpx

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// Namespace is the XML namespace of project.qde.
const Namespace = "urn:QDA-XML:project:1.0"

// ProjectName is the entry of a .qdpx that holds the project.
const ProjectName = "project.qde"

// Extension is the file name extension of a REFI-QDA project.
const Extension = ".qdpx"

// Names of the group codes, variables and relation directions of an export.
const (
	groupKinds    = "Highlight kinds"
	groupVerdicts = "Verdicts"
	groupTags     = "Tags"

	varURL         = "URL"
	varPublication = "Publication"
	varByline      = "Byline"
	varPublished   = "Published"
	varRole        = "Role"
	varAffiliation = "Affiliation"
	varAliases     = "Aliases"
)

// articleVariables and speakerVariables are the variables an export
// defines, in order, with their types.
func articleVariables() []string { return []string{varURL, varPublication, varByline, varPublished} }
func speakerVariables() []string { return []string{varRole, varAffiliation, varAliases} }

// Options describe the exported project.
type Options struct {
	// Name is the project's name; "Marginalia export" when empty.
	Name string
	// Creator is the analyst exporting, recorded as the project's
	// creating user.
	Creator string
	// Generated is when the project was made; now when zero.
	Generated time.Time
	// AppVersion is Marginalia's version, recorded in the origin.
	AppVersion string
	// Progress, when not nil, is told how many of the articles and
	// annotations have been written, a few hundred times at most.
	Progress func(done, total int)
}

// verdictName is how a verdict code is named in the code book.
func verdictName(s annotate.Status) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

func rgb(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// splitTag splits a tag written parent/child into the path of its nested
// code; a tag with an empty part ("a//b", "/a") stays one code.
func splitTag(tag string) []string {
	parts := strings.Split(tag, "/")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
		if parts[i] == "" {
			return []string{tag}
		}
	}
	return parts
}

// tagNode is a code of the tag tree.
type tagNode struct {
	name     string
	path     string // the tag this code stands for: parts joined by "/"
	codable  bool   // a tag in use, not only the parent of one
	children []*tagNode
}

func (n *tagNode) child(name, path string) *tagNode {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	c := &tagNode{name: name, path: path}
	n.children = append(n.children, c)
	return c
}

// tagTree builds the nested codes of every tag and returns the GUID of the
// code of each tag.
func tagTree(g *guids, tags []string) (*tagNode, map[string]string) {
	root := &tagNode{}
	codes := map[string]string{}
	for _, tag := range tags {
		if _, ok := codes[tag]; ok {
			continue
		}
		parts := splitTag(tag)
		n := root
		for i, p := range parts {
			path := strings.Join(parts[:i+1], "/")
			if len(parts) == 1 {
				path = tag
			}
			n = n.child(p, path)
		}
		n.codable = true
		codes[tag] = g.tag(n.path)
	}
	var sortTree func(n *tagNode)
	sortTree = func(n *tagNode) {
		slices.SortFunc(n.children, func(a, b *tagNode) int { return strings.Compare(a.name, b.name) })
		for _, c := range n.children {
			sortTree(c)
		}
	}
	sortTree(root)
	return root, codes
}

// project is what Write needs of a bundle, indexed.
type project struct {
	b        *bundle.Bundle
	g        *guids
	byArt    [][]int // annotation indices per article, in text order
	artGUID  []string
	annGUID  []string // per annotation
	tagCodes map[string]string
	tagRoot  *tagNode
	users    []string          // creator names, sorted
	userGUID map[string]string // name -> GUID
	speakers map[string]int    // speaker ID -> index
	said     map[string][]int  // speaker ID -> annotations attributed
	selOf    map[string]string // annotation ID -> selection GUID
	srcOf    map[string]string // article ID -> source GUID
}

func index(b *bundle.Bundle, creator string) (*project, error) {
	g := newGUIDs()
	p := &project{b: b, g: g, byArt: make([][]int, len(b.Articles)), artGUID: make([]string, len(b.Articles)),
		annGUID: make([]string, len(b.Annotations)), userGUID: map[string]string{}, speakers: map[string]int{},
		said: map[string][]int{}, selOf: make(map[string]string, len(b.Annotations)), srcOf: make(map[string]string, len(b.Articles))}
	art := make(map[string]int, len(b.Articles))
	runes := make([]int, len(b.Articles))
	var tags []string
	users := map[string]bool{}
	addUser := func(name string) {
		if name != "" && !users[name] {
			users[name] = true
			p.users = append(p.users, name)
		}
	}
	addUser(creator)
	for i := range b.Articles {
		a := &b.Articles[i]
		if a.Text == "" {
			return nil, fmt.Errorf("article %s has no text", a.ID)
		}
		art[a.ID] = i
		runes[i] = utf8.RuneCountInString(a.Text)
		p.artGUID[i] = g.record(annotate.RecordArticle, a.ID)
		p.srcOf[a.ID] = p.artGUID[i]
		tags = append(tags, a.Tags...)
	}
	for i := range b.Speakers {
		p.speakers[b.Speakers[i].ID] = i
	}
	for i := range b.Links {
		addUser(b.Links[i].Creator)
	}
	for i := range b.Annotations {
		n := &b.Annotations[i]
		j, ok := art[n.ArticleID]
		if !ok {
			return nil, fmt.Errorf("annotation %s: its article %s is not in the export", n.ID, n.ArticleID)
		}
		if n.Span.Start < 0 || n.Span.End <= n.Span.Start || n.Span.End > runes[j] {
			return nil, fmt.Errorf("annotation %s: span %d-%d does not fit its article's text (%d characters)", n.ID, n.Span.Start, n.Span.End, runes[j])
		}
		p.byArt[j] = append(p.byArt[j], i)
		p.annGUID[i] = g.record(annotate.RecordAnnotation, n.ID)
		p.selOf[n.ID] = p.annGUID[i]
		tags = append(tags, n.Tags...)
		addUser(n.Creator)
		if _, ok := p.speakers[n.SpeakerID]; ok {
			p.said[n.SpeakerID] = append(p.said[n.SpeakerID], i)
		}
	}
	for _, anns := range p.byArt {
		slices.SortStableFunc(anns, func(x, y int) int {
			a, b := b.Annotations[x].Span, b.Annotations[y].Span
			if a.Start != b.Start {
				return a.Start - b.Start
			}
			return a.End - b.End
		})
	}
	slices.Sort(p.users)
	for _, u := range p.users {
		p.userGUID[u] = g.user(u)
	}
	p.tagRoot, p.tagCodes = tagTree(g, tags)
	return p, nil
}

// Write writes the bundle's articles, annotations, speakers and links as a
// REFI-QDA project (.qdpx): a zip holding project.qde and each article's
// text under sources/. Annotations whose article is not in the bundle, or
// whose span does not fit its text, are refused with an error. The same
// bundle and options always give the same bytes.
func Write(w io.Writer, b *bundle.Bundle, opts Options) error {
	if opts.Generated.IsZero() {
		opts.Generated = time.Now()
	}
	if opts.Name == "" {
		opts.Name = "Marginalia export"
	}
	p, err := index(b, opts.Creator)
	if err != nil {
		return fmt.Errorf("qdpx: %w", err)
	}
	zw := zip.NewWriter(w)
	// Best speed: the project is mostly GUIDs, which no level compresses
	// much better, and the default level costs twice the time. One
	// compressor serves every entry in turn (the zip writer has one entry
	// open at a time): a new one per article cost a megabyte each.
	var fw *flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if fw == nil {
			var err error
			fw, err = flate.NewWriter(out, flate.BestSpeed)
			return fw, err
		}
		fw.Reset(out)
		return fw, nil
	})
	entry := func(name string) (io.Writer, error) {
		return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: opts.Generated.UTC()})
	}
	ew, err := entry(ProjectName)
	if err == nil {
		err = p.writeProject(ew, opts)
	}
	for i := range b.Articles {
		if err != nil {
			break
		}
		var sw io.Writer
		if sw, err = entry("sources/" + p.artGUID[i] + ".txt"); err == nil {
			_, err = io.WriteString(sw, b.Articles[i].Text)
		}
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return fmt.Errorf("qdpx: write: %w", err)
	}
	return nil
}

// out buffers the project's XML and flushes it in large writes.
type out struct {
	w   io.Writer
	b   []byte
	err error
}

func (o *out) flush(force bool) {
	if o.err == nil && (force || len(o.b) >= 256<<10) {
		_, o.err = o.w.Write(o.b)
		o.b = o.b[:0]
	}
}

// progress reports done of total, about every half percent.
type progress struct {
	fn          func(done, total int)
	done, total int
	next        int
}

func (p *progress) add(n int) {
	p.done += n
	if p.fn != nil && (p.done >= p.next || p.done == p.total) {
		p.fn(p.done, p.total)
		p.next = p.done + max(1, p.total/200)
	}
}

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

	prog := &progress{fn: opts.Progress, total: len(b.Articles) + len(b.Annotations)}
	if len(b.Articles) > 0 {
		o.b = append(o.b, "<Sources>\n"...)
		for i := range b.Articles {
			p.writeSource(o, i)
			o.flush(false)
			prog.add(1 + len(p.byArt[i]))
		}
		o.b = append(o.b, "</Sources>\n"...)
	}
	p.writeNotes(o)
	p.writeLinks(o)
	o.b = append(o.b, "</Project>\n"...)
	o.flush(true)
	if prog.total == 0 && opts.Progress != nil {
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
	b = appendAttr(b, "guid", p.g.derived(owner, code))
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
