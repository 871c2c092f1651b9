package store

import (
	"slices"
	"sync"
)

// Changes names the records a committed action touched (created, edited
// or deleted), so views and indexes can update incrementally.
type Changes struct {
	Articles, Annotations, Speakers, Links []string
	// AnnotatedArticles are the articles that gained or lost annotations,
	// SpokenSpeakers the speakers that gained or lost attributions, and
	// LinkedRecords the articles and annotations that gained or lost
	// links: what counts and backlinks shown elsewhere depend on.
	AnnotatedArticles, SpokenSpeakers, LinkedRecords []string
	// Resolutions are the keys of disagreements a reviewer settled (or
	// whose settlement was undone), Tombstones the IDs of deletions
	// recorded or forgotten.
	Resolutions, Tombstones []string
}

// Empty reports whether nothing was touched.
func (c Changes) Empty() bool {
	return len(c.Articles)+len(c.Annotations)+len(c.Speakers)+len(c.Links)+
		len(c.AnnotatedArticles)+len(c.SpokenSpeakers)+len(c.LinkedRecords)+len(c.Resolutions)+len(c.Tombstones) == 0
}

// Touches reports whether id is among the records c names.
func (c Changes) Touches(id string) bool {
	for _, ids := range [][]string{c.Articles, c.Annotations, c.Speakers, c.Links, c.AnnotatedArticles, c.SpokenSpeakers, c.LinkedRecords} {
		if slices.Contains(ids, id) {
			return true
		}
	}
	return false
}

// Add returns c with the records of d added (without repeats).
func (c Changes) Add(d Changes) Changes {
	join := func(a, b []string) []string {
		if len(b) == 0 {
			return a
		}
		seen := make(map[string]bool, len(a))
		for _, id := range a {
			seen[id] = true
		}
		for _, id := range b {
			if !seen[id] {
				seen[id] = true
				a = append(a, id)
			}
		}
		return a
	}
	return Changes{
		Articles: join(c.Articles, d.Articles), Annotations: join(c.Annotations, d.Annotations),
		Speakers: join(c.Speakers, d.Speakers), Links: join(c.Links, d.Links),
		AnnotatedArticles: join(c.AnnotatedArticles, d.AnnotatedArticles),
		SpokenSpeakers:    join(c.SpokenSpeakers, d.SpokenSpeakers),
		LinkedRecords:     join(c.LinkedRecords, d.LinkedRecords),
		Resolutions:       join(c.Resolutions, d.Resolutions),
		Tombstones:        join(c.Tombstones, d.Tombstones),
	}
}

// watchers holds the functions told about committed changes.
type watchers struct {
	mu  sync.Mutex
	fns []func(Changes)
}

// Watch calls fn after every committed write (Do, DoMerge, Update, Undo,
// Redo, Merge) with the records it touched, on the goroutine that made the
// change.
func (s *Store) Watch(fn func(Changes)) {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	s.watch.fns = append(s.watch.fns, fn)
}

// watching reports whether anyone watches, so that writes that keep no
// journal of their own need to collect the keys they touch.
func (s *Store) watching() bool {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	return len(s.watch.fns) > 0
}

func (s *Store) notify(c Changes) {
	if c.Empty() {
		return
	}
	s.watch.mu.Lock()
	fns := append([]func(Changes){}, s.watch.fns...)
	s.watch.mu.Unlock()
	for _, fn := range fns {
		fn(c)
	}
}

// changesOf maps journal entries of the record and index buckets to
// record IDs. Each key appears once in a journal, so record IDs do not
// repeat; index owners (an article with many annotations) are deduplicated.
func changesOf(changes []change) Changes {
	var c Changes
	owners := map[string]map[string]bool{}
	owner := func(dst *[]string, bucket string, k []byte) {
		id, _, ok := splitKey(k)
		if !ok {
			return
		}
		seen := owners[bucket]
		if seen == nil {
			seen = map[string]bool{}
			owners[bucket] = seen
		}
		if !seen[id] {
			seen[id] = true
			*dst = append(*dst, id)
		}
	}
	for _, ch := range changes {
		id := string(ch.Key)
		switch ch.Bucket {
		case bArticles:
			c.Articles = append(c.Articles, id)
		case bAnnotations:
			c.Annotations = append(c.Annotations, id)
		case bSpeakers:
			c.Speakers = append(c.Speakers, id)
		case bLinks:
			c.Links = append(c.Links, id)
		case bArticleAnn:
			owner(&c.AnnotatedArticles, ch.Bucket, ch.Key)
		case bSpeakerAnn:
			owner(&c.SpokenSpeakers, ch.Bucket, ch.Key)
		case bRefLinks:
			owner(&c.LinkedRecords, ch.Bucket, ch.Key)
		case bResolutions:
			c.Resolutions = append(c.Resolutions, id)
		case bTombstones:
			c.Tombstones = append(c.Tombstones, id)
		}
	}
	return c
}
