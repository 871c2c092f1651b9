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
