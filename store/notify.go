package store

import "sync"

// Changes names the records a committed action touched (created, edited
// or deleted), so views and indexes can update incrementally.
type Changes struct {
	Articles, Annotations, Speakers, Links []string
}

// Empty reports whether nothing was touched.
func (c Changes) Empty() bool {
	return len(c.Articles)+len(c.Annotations)+len(c.Speakers)+len(c.Links) == 0
}

// watchers holds the functions told about committed changes.
type watchers struct {
	mu  sync.Mutex
	fns []func(Changes)
}

// Watch calls fn after every committed Do, DoMerge, Undo and Redo with the
// records it touched, on the goroutine that made the change. Plain Update
// transactions (the command line, bulk jobs) are not reported.
func (s *Store) Watch(fn func(Changes)) {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	s.watch.fns = append(s.watch.fns, fn)
}

func (s *Store) notify(changes []change) {
	c := changesOf(changes)
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

// changesOf maps journal entries of the record buckets to record IDs.
func changesOf(changes []change) Changes {
	var c Changes
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
		}
	}
	return c
}
