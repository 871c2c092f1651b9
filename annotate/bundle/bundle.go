package bundle

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"marginalia/annotate"
)

// Format is the manifest's format name, and FormatVersion the newest
// version of the layout this package reads and the one it writes. A bundle
// with a higher version is refused: it may hold what this build would
// silently drop.
const (
	Format        = "marginalia-bundle"
	FormatVersion = 2
	// Extension is the file name extension of a bundle.
	Extension = ".marginalia"
	// ManifestName is the manifest's entry name.
	ManifestName = "manifest.json"
)

// ErrRefused is wrapped by every error Read returns for a bundle it will
// not accept, and by store merges for bundles that do not fit the
// database. Callers tell a bad file from a failing disk with errors.Is.
var ErrRefused = errors.New("bundle refused")

// Bundle is the content of a bundle: articles with their text (and their
// earlier versions), the annotations on them, the speakers those
// annotations are attributed to, links between articles and annotations,
// and tombstones: records deleted, so the deletion travels.
type Bundle struct {
	// Manifest is what Read found in the bundle. Write ignores it and
	// writes the manifest it is given.
	Manifest    Manifest
	Articles    []annotate.Article
	Annotations []annotate.Annotation
	Speakers    []annotate.Speaker
	Links       []annotate.Link
	// Versions are earlier texts of the bundle's articles (format 2).
	Versions []annotate.ArticleVersion
	// Tombstones are records deleted (format 2).
	Tombstones []annotate.Tombstone
}

// Counts counts a bundle's records by type.
type Counts struct {
	Articles    int `json:"articles"`
	Annotations int `json:"annotations"`
	Speakers    int `json:"speakers"`
	Links       int `json:"links"`
	Versions    int `json:"versions,omitempty"`
	Tombstones  int `json:"tombstones,omitempty"`
}

func (c Counts) String() string {
	s := fmt.Sprintf("%d articles, %d annotations, %d speakers, %d links", c.Articles, c.Annotations, c.Speakers, c.Links)
	if c.Versions > 0 {
		s += fmt.Sprintf(", %d earlier versions", c.Versions)
	}
	if c.Tombstones > 0 {
		s += fmt.Sprintf(", %d deletions", c.Tombstones)
	}
	return s
}

// Total is the number of records of every type.
func (c Counts) Total() int {
	return c.Articles + c.Annotations + c.Speakers + c.Links + c.Versions + c.Tombstones
}

// Counts counts the bundle's records.
func (b *Bundle) Counts() Counts {
	return Counts{Articles: len(b.Articles), Annotations: len(b.Annotations), Speakers: len(b.Speakers), Links: len(b.Links),
		Versions: len(b.Versions), Tombstones: len(b.Tombstones)}
}

// Manifest describes a bundle: who made it, when, with what, what it holds
// and the sha256 of every other entry.
type Manifest struct {
	// Format is always "marginalia-bundle"; Version is FormatVersion when
	// written by this build. Write fills both in.
	Format  string `json:"format"`
	Version int    `json:"version"`
	// AppVersion is the version of the program that wrote the bundle.
	AppVersion string `json:"app_version,omitempty"`
	// Creator is the analyst who made the bundle.
	Creator string    `json:"creator,omitempty"`
	Created time.Time `json:"created"`
	// Counts and Entries are filled in by Write.
	Counts  Counts  `json:"counts"`
	Entries []Entry `json:"entries"`
}

// Entry is one data entry of a bundle as its manifest lists it.
type Entry struct {
	// Name is "articles/0001.json" and the like: the record type, a slash,
	// a 4-digit or longer sequence number and ".json".
	Name string `json:"name"`
	// Records is how many records the entry holds.
	Records int `json:"records"`
	// Size is the entry's uncompressed size in bytes.
	Size int64 `json:"size"`
	// SHA256 is the hex sha256 of the uncompressed entry.
	SHA256 string `json:"sha256"`
}

// External names the records a bundle refers to without holding them. A
// database merging the bundle must already have them.
type External struct {
	Articles    []string
	Annotations []string
	Speakers    []string
}

// Empty reports whether the bundle refers to nothing outside itself.
func (e External) Empty() bool {
	return len(e.Articles) == 0 && len(e.Annotations) == 0 && len(e.Speakers) == 0
}

// Verify checks everything about the bundle that needs no database: every
// record is valid and every article carries its text; IDs are unique
// across all records; no two articles have the same text; every annotation
// on an article in the bundle has a span inside that article's text and
// the quote found there; link ends name a record of the right type. It
// returns the records the bundle refers to but does not hold.
func (b *Bundle) Verify() (External, error) {
	return b.verify(false)
}

// verify is Verify; checked says every record was validated on its own
// already (Read does so while decoding), so only the checks between
// records remain.
func (b *Bundle) verify(checked bool) (External, error) {
	var ext External
	kinds := make(map[string]string, len(b.Articles)+len(b.Annotations)+len(b.Speakers)+len(b.Links))
	claim := func(kind, id string) error {
		if other, ok := kinds[id]; ok {
			return fmt.Errorf("%w: %s %s: the bundle has another %s with this id", annotate.ErrInvalid, kind, id, other)
		}
		kinds[id] = kind
		return nil
	}

	if err := parallel(len(b.Articles), func(i int) error {
		a := &b.Articles[i]
		if a.Text == "" {
			return fmt.Errorf("%w: article %s has no text", annotate.ErrInvalid, a.ID)
		}
		if checked {
			return nil
		}
		return checkArticle(a)
	}); err != nil {
		return ext, err
	}
	article := make(map[string]int, len(b.Articles)) // ID -> index
	hashes := make(map[string]string, len(b.Articles))
	for i := range b.Articles {
		a := &b.Articles[i]
		if err := claim("article", a.ID); err != nil {
			return ext, err
		}
		if other, ok := hashes[a.TextHash]; ok {
			return ext, fmt.Errorf("%w: articles %s and %s have the same text", annotate.ErrInvalid, other, a.ID)
		}
		hashes[a.TextHash] = a.ID
		article[a.ID] = i
	}
	for i := range b.Speakers {
		s := &b.Speakers[i]
		if !checked {
			if err := s.Validate(); err != nil {
				return ext, err
			}
		}
		if err := claim("speaker", s.ID); err != nil {
			return ext, err
		}
	}

	versions, err := b.verifyVersions(article, checked)
	if err != nil {
		return ext, err
	}

	// Annotations are checked article by article, so only one text index
	// per core is alive at a time, each 1/64 of annotate.Text's size.
	byArticle := make([][]int, len(b.Articles))
	var orphans []int
	missingArticles, missingSpeakers := map[string]bool{}, map[string]bool{}
	for i := range b.Annotations {
		n := &b.Annotations[i]
		if err := claim("annotation", n.ID); err != nil {
			return ext, err
		}
		if j, ok := article[n.ArticleID]; ok {
			byArticle[j] = append(byArticle[j], i)
		} else {
			orphans = append(orphans, i)
			missingArticles[n.ArticleID] = true
		}
		if n.SpeakerID != "" {
			switch kinds[n.SpeakerID] {
			case "speaker":
			case "":
				missingSpeakers[n.SpeakerID] = true
			default:
				return ext, fmt.Errorf("%w: annotation %s: speaker %s is %s in the bundle", annotate.ErrInvalid, n.ID, n.SpeakerID, aOrAn(kinds[n.SpeakerID]))
			}
		}
	}
	if err := parallel(len(b.Articles), func(j int) error {
		if len(byArticle[j]) == 0 {
			return nil
		}
		a := &b.Articles[j]
		var x *runeIndex
		for _, i := range byArticle[j] {
			n := &b.Annotations[i]
			if !checked {
				if err := n.Validate(); err != nil {
					return err
				}
			}
			if v := n.VersionOf(); v != a.CurrentVersion() {
				// Anchored to an earlier version: checked against its text.
				text, ok := versions[versionKey{a.ID, v}]
				if !ok || v > a.CurrentVersion() {
					return fmt.Errorf("%w: annotation %s is anchored to version %d of article %s, which the bundle does not hold", annotate.ErrInvalid, n.ID, v, a.ID)
				}
				if err := checkQuote(n, newRuneIndex(text)); err != nil {
					return err
				}
				continue
			}
			if x == nil {
				x = newRuneIndex(a.Text)
			}
			if err := checkQuote(n, x); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return ext, err
	}
	if !checked {
		if err := parallel(len(orphans), func(k int) error { return b.Annotations[orphans[k]].Validate() }); err != nil {
			return ext, err
		}
	}
	missingAnnotations := map[string]bool{}
	for i := range b.Links {
		l := &b.Links[i]
		if !checked {
			if err := l.Validate(); err != nil {
				return ext, err
			}
		}
		if err := claim("link", l.ID); err != nil {
			return ext, err
		}
	}
	for i := range b.Links {
		l := &b.Links[i]
		for _, r := range []annotate.Ref{l.From, l.To} {
			switch kinds[r.ID] {
			case string(r.Type):
			case "":
				if r.Type == annotate.RefArticle {
					missingArticles[r.ID] = true
				} else {
					missingAnnotations[r.ID] = true
				}
			default:
				return ext, fmt.Errorf("%w: link %s: %s %s is %s in the bundle", annotate.ErrInvalid, l.ID, r.Type, r.ID, aOrAn(kinds[r.ID]))
			}
		}
	}
	// With every ID claimed: what the bundle lacks must not be a record
	// of another type in it.
	for what, missing := range map[string]map[string]bool{"article": missingArticles, "speaker": missingSpeakers} {
		for _, id := range sortedKeys(missing) {
			if kinds[id] != "" {
				return ext, fmt.Errorf("%w: an annotation's %s %s is %s in the bundle", annotate.ErrInvalid, what, id, aOrAn(kinds[id]))
			}
		}
	}
	for i := range b.Tombstones {
		ts := &b.Tombstones[i]
		if !checked {
			if err := ts.Validate(time.Time{}); err != nil {
				return ext, err
			}
		}
		if other, ok := kinds[ts.ID]; ok && !b.outlives(other, ts) {
			return ext, fmt.Errorf("%w: %s %s is both in the bundle and deleted by it later", annotate.ErrInvalid, other, ts.ID)
		}
	}
	ext.Articles = sortedKeys(missingArticles)
	ext.Annotations = sortedKeys(missingAnnotations)
	ext.Speakers = sortedKeys(missingSpeakers)
	return ext, nil
}

func aOrAn(kind string) string {
	if kind == "article" || kind == "annotation" {
		return "an " + kind
	}
	return "a " + kind
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// parallel calls fn for 0 <= i < n on all cores and returns the error of
// the lowest i that failed, so the message does not depend on scheduling.
// After a failure no new i is started.
func parallel(n int, fn func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			if err := fn(i); err != nil {
				return err
			}
		}
		return nil
	}
	var next atomic.Int64
	var failed atomic.Bool
	firstAt := make([]int, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					firstAt[w], errs[w] = i, err
					failed.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	var first error
	at := n
	for w, err := range errs {
		if err != nil && firstAt[w] < at {
			first, at = err, firstAt[w]
		}
	}
	return first
}

type versionKey struct {
	article string
	n       int
}

// verifyVersions checks the bundle's earlier versions: each of an article
// the bundle holds, numbered below the article's own version, once, with
// the text its hash names, a text no other version or article has. It
// returns the versions' texts by article and number.
func (b *Bundle) verifyVersions(article map[string]int, checked bool) (map[versionKey]string, error) {
	out := make(map[versionKey]string, len(b.Versions))
	for i := range b.Versions {
		v := &b.Versions[i]
		if !checked {
			if err := checkVersion(v); err != nil {
				return nil, err
			}
		}
		j, ok := article[v.ArticleID]
		if !ok {
			return nil, fmt.Errorf("%w: version %d of article %s without the article", annotate.ErrInvalid, v.N, v.ArticleID)
		}
		if cur := b.Articles[j].CurrentVersion(); v.N >= cur {
			return nil, fmt.Errorf("%w: version %d of article %s, which is at version %d", annotate.ErrInvalid, v.N, v.ArticleID, cur)
		}
		k := versionKey{v.ArticleID, v.N}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("%w: version %d of article %s appears twice", annotate.ErrInvalid, v.N, v.ArticleID)
		}
		if v.TextHash == b.Articles[j].TextHash {
			return nil, fmt.Errorf("%w: version %d of article %s has the article's own text", annotate.ErrInvalid, v.N, v.ArticleID)
		}
		out[k] = v.Text
	}
	return out, nil
}

// checkVersion checks one earlier version on its own.
func checkVersion(v *annotate.ArticleVersion) error {
	switch {
	case !annotate.ValidID(v.ArticleID):
		return fmt.Errorf("%w: version of article %s: bad article id", annotate.ErrInvalid, QuoteInput(v.ArticleID))
	case v.N < 1:
		return fmt.Errorf("%w: version %d of article %s", annotate.ErrInvalid, v.N, v.ArticleID)
	case v.Imported.IsZero():
		return fmt.Errorf("%w: version %d of article %s has no import time", annotate.ErrInvalid, v.N, v.ArticleID)
	}
	if err := annotate.ValidateText(v.Text); err != nil {
		return fmt.Errorf("version %d of article %s: %w", v.N, v.ArticleID, err)
	}
	if v.Text != annotate.NormalizeText(v.Text) || annotate.HashText(v.Text) != v.TextHash {
		return fmt.Errorf("%w: version %d of article %s: text not normalised, or not the one its hash names", annotate.ErrInvalid, v.N, v.ArticleID)
	}
	return nil
}

// outlives reports whether the bundle's record of type typ with the
// tombstone's ID was changed after the deletion: a record that came back
// (edited after it was deleted) travels with its tombstone.
func (b *Bundle) outlives(typ string, ts *annotate.Tombstone) bool {
	var changed time.Time
	switch typ {
	case "article":
		for i := range b.Articles {
			if b.Articles[i].ID == ts.ID {
				changed = annotate.ChangedAt(b.Articles[i])
			}
		}
		for i := range b.Annotations {
			if n := &b.Annotations[i]; n.ArticleID == ts.ID && n.Modified.After(changed) {
				changed = n.Modified
			}
		}
	case "annotation":
		for i := range b.Annotations {
			if b.Annotations[i].ID == ts.ID {
				changed = b.Annotations[i].Modified
			}
		}
	case "link":
		for i := range b.Links {
			if b.Links[i].ID == ts.ID {
				changed = b.Links[i].Created
			}
		}
	}
	return ts.Outlived(changed)
}
