package qdpx

import (
	"archive/zip"
	"fmt"
	"slices"
	"strings"
	"time"

	"marginalia/annotate"
)

// reader turns a decoded project into records.
type reader struct {
	p      *qProject
	opts   ReadOptions
	files  map[string]*zip.File
	lim    Limits
	budget int64
	res    *Result
	g      *guids

	kinds    map[string]annotate.Kind // folded code name or path -> kind
	article  map[string]string        // source GUID -> article ID
	hashes   map[string]string        // text hash -> article ID
	imported map[string]int           // selection GUID -> annotation index
	clipped  bool

	// Marginalia's own codes, recognised by their GUIDs.
	ownKinds                             map[string]annotate.Kind
	ownVerdicts                          map[string]annotate.Status
	tagsGroup, kindsGroup, verdictsGroup string
}

func (rd *reader) skip(format string, args ...any) {
	rd.res.Skipped = append(rd.res.Skipped, fmt.Sprintf(format, args...))
}

func (rd *reader) build() error {
	rd.g = newGUIDs()
	rd.ownKinds, rd.ownVerdicts = map[string]annotate.Kind{}, map[string]annotate.Status{}
	for _, k := range annotate.Kinds() {
		rd.ownKinds[rd.g.kind(k)] = k
	}
	for _, s := range annotate.Statuses() {
		rd.ownVerdicts[rd.g.verdict(s)] = s
	}
	rd.tagsGroup, rd.kindsGroup, rd.verdictsGroup = rd.g.group(groupTags), rd.g.group(groupKinds), rd.g.group(groupVerdicts)
	rd.kinds = map[string]annotate.Kind{}
	for name, k := range rd.opts.Kinds {
		rd.kinds[annotate.Fold(name)] = k
	}
	rd.article, rd.hashes, rd.imported = map[string]string{}, map[string]string{}, map[string]int{}
	rd.res.Skipped = append(rd.res.Skipped, rd.p.others...)
	total := len(rd.p.sources)
	for i, src := range rd.p.sources {
		if err := rd.source(src); err != nil {
			return err
		}
		if rd.opts.Progress != nil {
			rd.opts.Progress(i+1, total)
		}
	}
	rd.speakers()
	rd.links()
	return nil
}

func (rd *reader) sourceName(src *qSource) string {
	if strings.TrimSpace(src.name) != "" {
		return src.name
	}
	return src.guid
}

// sourceData returns a source's plain text, or a reason it has none.
func (rd *reader) sourceData(src *qSource) ([]byte, string, error) {
	if src.hasContent {
		return []byte(src.content), "", nil
	}
	if src.plainTextPath == "" {
		if src.richTextPath != "" {
			return nil, fmt.Sprintf("it has rich text only (%s), no plain text", annotate.Clip(src.richTextPath, 60)), nil
		}
		return nil, "it has no text", nil
	}
	name, internal, err := internalEntry(src.plainTextPath)
	if err != nil {
		return nil, "", refused("source %q: %w", rd.sourceName(src), err)
	}
	var f *zip.File
	if internal {
		f = rd.entry(name)
	} else if f = rd.relativeEntry(src.plainTextPath); f == nil {
		return nil, fmt.Sprintf("its text is a file outside the project (%s)", annotate.Clip(src.plainTextPath, 60)), nil
	}
	if f == nil {
		return nil, fmt.Sprintf("its text file %s is missing from the project", name), nil
	}
	data, err := readEntry(f, rd.lim.MaxSourceBytes, &rd.budget)
	if err != nil {
		return nil, "", refused("%w", err)
	}
	return decodeText(data), "", nil
}

// variable returns the value of a source's or case's variable, found by
// name, ignoring case.
func (rd *reader) variable(values map[string]string, names ...string) string {
	for guid, v := range values {
		for _, n := range names {
			if strings.EqualFold(rd.p.variables[guid], n) {
				return v
			}
		}
	}
	return ""
}

func (rd *reader) notes(refs []string, description string) string {
	var parts []string
	if strings.TrimSpace(description) != "" {
		parts = append(parts, description)
	}
	for _, ref := range refs {
		n, ok := rd.p.notes[ref]
		if !ok {
			continue
		}
		text := n.content
		if !n.hasContent {
			text = rd.noteFile(n)
		}
		if strings.TrimSpace(text) != "" {
			parts = append(parts, text)
		}
	}
	note := strings.Join(parts, "\n\n")
	if annotate.RuneLen(note) > annotate.MaxNoteRunes {
		note = string([]rune(note)[:annotate.MaxNoteRunes])
	}
	return note
}

func (rd *reader) noteFile(n *qNote) string {
	name, internal, err := internalEntry(n.plainTextPath)
	if err != nil || !internal {
		return ""
	}
	f := rd.entry(name)
	if f == nil {
		return ""
	}
	data, err := readEntry(f, min(rd.lim.MaxSourceBytes, 4*annotate.MaxNoteRunes), &rd.budget)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ReplaceAll(string(decodeText(data)), "\r\n", "\n"), "\uFEFF")
}

// coded is what a selection's or source's codes make of it.
type coded struct {
	kinds  []annotate.Kind
	status annotate.Status
	tags   []string
}

func (rd *reader) codes(refs []string) coded {
	var c coded
	for _, ref := range refs {
		code, ok := rd.p.codes[ref]
		if !ok {
			continue
		}
		if k, ok := rd.ownKinds[ref]; ok {
			c.kinds = append(c.kinds, k)
			continue
		}
		if s, ok := rd.ownVerdicts[ref]; ok {
			c.status = s
			continue
		}
		root := code.root()
		if root.guid == rd.tagsGroup && code != root {
			c.tags = append(c.tags, strings.TrimPrefix(code.path(), root.name+"/"))
			continue
		}
		if root.guid == rd.kindsGroup || root.guid == rd.verdictsGroup {
			continue
		}
		if k, ok := rd.kinds[annotate.Fold(code.path())]; ok {
			c.kinds = append(c.kinds, k)
			continue
		}
		if k, ok := rd.kinds[annotate.Fold(code.name)]; ok {
			c.kinds = append(c.kinds, k)
			continue
		}
		c.tags = append(c.tags, code.path())
	}
	return c
}

// cleanTags fits tags to what a record may hold.
func (rd *reader) cleanTags(tags []string) []string {
	tags = annotate.CleanTags(tags)
	for i, t := range tags {
		if annotate.RuneLen(t) > annotate.MaxTagRunes {
			tags[i] = string([]rune(t)[:annotate.MaxTagRunes-1]) + "…"
			rd.clipped = true
		}
	}
	tags = annotate.CleanTags(tags)
	if len(tags) > annotate.MaxTags {
		tags, rd.clipped = tags[:annotate.MaxTags], true
	}
	return tags
}

func clipRunes(s string, n int) string {
	if annotate.RuneLen(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func (rd *reader) source(src *qSource) error {
	name := rd.sourceName(src)
	data, why, err := rd.sourceData(src)
	if err != nil {
		return err
	}
	if why != "" {
		rd.skip("source %q skipped: %s", name, why)
		return nil
	}
	st, err := newSourceText(data)
	if err == nil {
		err = annotate.ValidateText(st.text)
	}
	if err != nil {
		rd.skip("source %q skipped: %s", name, annotate.Reason(err))
		return nil
	}
	b := rd.res.Bundle
	hash := annotate.HashText(st.text)
	id, dup := rd.hashes[hash]
	if dup {
		rd.skip("source %q has the same text as an earlier source; its selections go on that article", name)
	} else {
		a := annotate.Article{
			ID: src.guid, Title: clipRunes(collapse(name), annotate.MaxTitleRunes), Imported: rd.opts.Now,
			Text: st.text, TextHash: hash,
			URL:    clipRunes(strings.TrimSpace(rd.variable(src.values, varURL)), annotate.MaxTitleRunes),
			Source: clipRunes(rd.variable(src.values, varPublication, "Source", "Publisher"), annotate.MaxTitleRunes),
			Byline: clipRunes(rd.variable(src.values, varByline, "Author"), annotate.MaxTitleRunes),
			Note:   rd.notes(src.notes, src.description),
			Tags:   rd.cleanTags(rd.codes(src.codes).tags),
		}
		if t, ok := parseDateTime(rd.variable(src.values, varPublished, "Date")); ok {
			a.Published = t
		} else if t, err := time.Parse("2006-01-02", strings.TrimSpace(rd.variable(src.values, varPublished, "Date"))); err == nil {
			a.Published = t
		}
		if err := a.Validate(); err != nil {
			rd.skip("source %q skipped: %s", name, annotate.Reason(err))
			return nil
		}
		id = a.ID
		rd.hashes[hash] = id
		b.Articles = append(b.Articles, a)
	}
	rd.article[src.guid] = id

	if src.areas > 0 {
		rd.skip("%d PDF %s of source %q skipped: areas of a page, not text", src.areas, plural(src.areas, "selection", "selections"), name)
	}
	placements, how := st.placeAll(src.selections)
	if how != "" {
		rd.res.Notes = append(rd.res.Notes, fmt.Sprintf("source %q: positions count %s", name, how))
	}
	text := annotate.NewText(st.text)
	for i, s := range src.selections {
		pl := placements[i]
		label := s.name
		if label == "" {
			label = s.guid
		}
		if !pl.ok {
			rd.skip("selection %q of source %q skipped: %s", annotate.Clip(label, 40), name, pl.reason)
			continue
		}
		n, err := rd.annotation(id, text, pl.span, s)
		if err != nil {
			rd.skip("selection %q of source %q skipped: %s", annotate.Clip(label, 40), name, annotate.Reason(err))
			continue
		}
		rd.imported[s.guid] = len(b.Annotations)
		b.Annotations = append(b.Annotations, n)
	}
	if rd.clipped {
		rd.skip("source %q: some tags were shortened or dropped to fit Marginalia's limits", name)
		rd.clipped = false
	}
	return nil
}

func (rd *reader) annotation(articleID string, text *annotate.Text, span annotate.Span, s *qSel) (annotate.Annotation, error) {
	q, err := text.QuoteAt(span)
	if err != nil {
		return annotate.Annotation{}, err
	}
	c := rd.codes(s.codes)
	kind := rd.opts.DefaultKind
	if len(c.kinds) > 0 {
		// The first kind in display order wins; the codes of the others
		// stay on the annotation as tags.
		kind = slices.MinFunc(c.kinds, func(a, b annotate.Kind) int {
			return slices.Index(annotate.Kinds(), a) - slices.Index(annotate.Kinds(), b)
		})
		for _, ref := range s.codes {
			if k, ok := rd.kindOf(ref); ok && k != kind {
				c.tags = append(c.tags, rd.p.codes[ref].path())
			}
		}
	}
	if c.status != "" && kind != annotate.KindClaim {
		c.tags = append(c.tags, verdictName(c.status))
		c.status = ""
	}
	if kind == annotate.KindClaim && c.status == "" {
		c.status = annotate.StatusUnverified
	}
	creator := rd.p.users[s.user]
	if creator == "" {
		creator = rd.opts.Creator
	}
	created := s.created
	if created.IsZero() && len(s.codingTimes) > 0 {
		created = slices.MinFunc(s.codingTimes, func(a, b time.Time) int { return a.Compare(b) })
	}
	if created.IsZero() {
		created = rd.opts.Now
	}
	modified := s.modified
	if modified.Before(created) {
		modified = created
	}
	n := annotate.Annotation{
		ID: s.guid, ArticleID: articleID, Kind: kind, Span: span, Quote: q, Status: c.status,
		Note: rd.notes(s.notes, s.description), Tags: rd.cleanTags(c.tags),
		Creator: clipRunes(creator, annotate.MaxNameRunes), Created: created, Modified: modified,
	}
	return n, n.ValidateIn(text)
}

// kindOf reports the kind a code gives, whether Marginalia's own or
// mapped.
func (rd *reader) kindOf(ref string) (annotate.Kind, bool) {
	if k, ok := rd.ownKinds[ref]; ok {
		return k, true
	}
	code, ok := rd.p.codes[ref]
	if !ok {
		return "", false
	}
	if k, ok := rd.kinds[annotate.Fold(code.path())]; ok {
		return k, true
	}
	k, ok := rd.kinds[annotate.Fold(code.name)]
	return k, ok
}

// speakers makes a speaker of every case that names imported selections
// and attributes those selections to it; the first case wins for a
// selection in several. Cases without selections (a case per interview,
// say) are not speakers.
func (rd *reader) speakers() {
	b := rd.res.Bundle
	for _, c := range rd.p.cases {
		var said []int
		for _, ref := range c.selections {
			if i, ok := rd.imported[ref]; ok && b.Annotations[i].SpeakerID == "" {
				said = append(said, i)
			}
		}
		if len(said) == 0 {
			continue
		}
		s := annotate.Speaker{
			ID: c.guid, Name: clipRunes(collapse(c.name), annotate.MaxNameRunes), Note: c.description,
			Role:        clipRunes(rd.variable(c.values, varRole), annotate.MaxTitleRunes),
			Affiliation: clipRunes(rd.variable(c.values, varAffiliation), annotate.MaxTitleRunes),
		}
		for _, alias := range strings.Split(rd.variable(c.values, varAliases), ";") {
			if alias = collapse(alias); alias != "" && len(s.Aliases) < annotate.MaxAliases {
				s.Aliases = append(s.Aliases, clipRunes(alias, annotate.MaxNameRunes))
			}
		}
		if err := s.Validate(); err != nil {
			rd.skip("case %q is not a speaker: %s", annotate.Clip(c.name, 40), annotate.Reason(err))
			continue
		}
		b.Speakers = append(b.Speakers, s)
		for _, i := range said {
			b.Annotations[i].SpeakerID = s.ID
		}
	}
}

// links makes a link of every REFI-QDA link between imported sources and
// selections; its name becomes the relation when it is one, else the
// relation is "related" and the name goes in the note.
func (rd *reader) links() {
	b := rd.res.Bundle
	ref := func(guid string) (annotate.Ref, bool) {
		if id, ok := rd.article[guid]; ok {
			return annotate.Ref{Type: annotate.RefArticle, ID: id}, true
		}
		if i, ok := rd.imported[guid]; ok {
			return annotate.Ref{Type: annotate.RefAnnotation, ID: b.Annotations[i].ID}, true
		}
		return annotate.Ref{}, false
	}
	left := 0
	for _, l := range rd.p.links {
		from, ok1 := ref(l.origin)
		to, ok2 := ref(l.target)
		if !ok1 || !ok2 || from.ID == to.ID {
			left++
			continue
		}
		link := annotate.Link{ID: l.guid, From: from, To: to, Relation: annotate.Relation(l.name),
			Note: rd.notes(l.notes, ""), Creator: clipRunes(rd.opts.Creator, annotate.MaxNameRunes), Created: rd.opts.Now}
		if !annotate.ValidRelation(link.Relation) {
			link.Relation = annotate.RelRelated
			if l.name != "" {
				link.Note = strings.TrimSpace(l.name + "\n\n" + link.Note)
			}
		}
		if err := link.Validate(); err != nil {
			left++
			continue
		}
		b.Links = append(b.Links, link)
	}
	if left > 0 {
		rd.skip("%d links skipped: they join codes, cases or records not imported", left)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
