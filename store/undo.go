package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Undo and redo.
//
// Store.Do runs a user action in one transaction and records the before-
// and after-image of every key it writes, in every bucket. Undo writes the
// before-images back; Redo writes the after-images. Because the journal
// works below the entity level, cascades (deleting an article deletes its
// annotations, links and index entries) undo as one step without special
// cases. The undo and redo stacks live in the database, so they survive a
// restart.

const (
	bUndo = "undo" // big-endian sequence -> JSON undoEntry
	bRedo = "redo"
	// maxUndo is how many undo steps are kept.
	maxUndo = 500
	// mergeWindow is how close together two actions with the same merge
	// key must be to become one undo step (typing a note).
	mergeWindow = 5 * time.Second
)

// Errors of Undo and Redo.
var (
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNothingToRedo = errors.New("nothing to redo")
	// ErrUndoConflict means the records changed since the step was recorded
	// (by another program, say), so undoing it would lose that change.
	ErrUndoConflict = errors.New("the records changed since; this step can no longer be undone")
)

type change struct {
	Bucket string `json:"b"`
	Key    []byte `json:"k"`
	Before []byte `json:"before,omitempty"`
	Had    bool   `json:"had,omitempty"`
	After  []byte `json:"after,omitempty"`
	Has    bool   `json:"has,omitempty"`
}

type undoEntry struct {
	Label   string    `json:"label"`
	Merge   string    `json:"merge,omitempty"`
	Time    time.Time `json:"time"`
	Changes []change  `json:"changes"`
}

// journal collects the before-images of the keys a transaction writes,
// or, when keysOnly, just the keys (to tell watchers what changed).
type journal struct {
	changes  []change
	seen     map[string]int
	keysOnly bool
}

func newJournal(keysOnly bool) *journal { return &journal{seen: map[string]int{}, keysOnly: keysOnly} }

func (j *journal) before(bucketName string, key, value []byte, had bool) {
	id := bucketName + "\x00" + string(key)
	if _, ok := j.seen[id]; ok {
		return
	}
	j.seen[id] = len(j.changes)
	j.changes = append(j.changes, change{Bucket: bucketName, Key: bytes.Clone(key), Before: bytes.Clone(value), Had: had})
}

// finish fills in the after-images and drops keys that ended as they began.
func (j *journal) finish(tx *bolt.Tx) []change {
	out := j.changes[:0]
	for _, c := range j.changes {
		b := &bucket{name: c.Bucket, b: tx.Bucket([]byte(c.Bucket))}
		v, has := b.lookup(c.Key)
		c.After, c.Has = bytes.Clone(v), has
		if c.Had != c.Has || !bytes.Equal(c.Before, c.After) {
			out = append(out, c)
		}
	}
	return out
}

// Do runs fn as one undoable user action named label ("Create claim").
func (s *Store) Do(label string, fn func(*Tx) error) error {
	_, err := s.do(label, "", fn)
	return err
}

// DoMerge is Do, but an action with the same non-empty merge key as the
// last undo step, within a few seconds of it, joins that step: typing a
// note undoes as one step, not one per keystroke.
func (s *Store) DoMerge(label, merge string, fn func(*Tx) error) error {
	_, err := s.do(label, merge, fn)
	return err
}

// do runs fn as an undoable action and reports whether it was recorded as
// an undo step (an action that changes nothing, or one larger than the
// undo limit, is not).
func (s *Store) do(label, merge string, fn func(*Tx) error) (bool, error) {
	return s.doRemote(label, merge, false, fn)
}

// doRemote is do; remote marks the changes as a teammate's (a merge of a
// bundle pulled from the team hub) in the change log.
func (s *Store) doRemote(label, merge string, remote bool, fn func(*Tx) error) (bool, error) {
	recorded := false
	err := s.db.Update(func(btx *bolt.Tx) error {
		j := newJournal(false)
		tx := newTx(btx, s.texts, j)
		if err := fn(tx); err != nil {
			return err
		}
		changes := j.finish(btx)
		if len(changes) == 0 {
			return nil
		}
		if err := s.committing(tx, changesOf(changes), remote); err != nil {
			return err
		}
		undo, redo := btx.Bucket([]byte(bUndo)), btx.Bucket([]byte(bRedo))
		if err := clearBucket(redo); err != nil {
			return err
		}
		if size(changes) > s.maxUndo {
			// Too large to keep: not undoable, and no older step may be
			// undone on top of it either.
			return clearBucket(undo)
		}
		recorded = true
		now := time.Now().UTC()
		entry := undoEntry{Label: label, Merge: merge, Time: now, Changes: changes}
		if head, ok := lastHead(undo); merge != "" && ok && head.Merge == merge && now.Sub(head.Time) < mergeWindow {
			if k, top := lastEntry(undo); top != nil && top.Merge == merge { // not a damaged step
				entry = mergeEntries(*top, entry)
				return putEntry(undo, k, entry)
			}
		}
		if err := pushEntry(undo, entry); err != nil {
			return err
		}
		return trim(undo, maxUndo)
	})
	return recorded && err == nil, err
}

// size is the number of bytes an undo step keeps.
func size(changes []change) int {
	n := 0
	for _, c := range changes {
		n += len(c.Key) + len(c.Before) + len(c.After)
	}
	return n
}

func mergeEntries(old, next undoEntry) undoEntry {
	index := map[string]int{}
	for i, c := range old.Changes {
		index[c.Bucket+"\x00"+string(c.Key)] = i
	}
	for _, c := range next.Changes {
		if i, ok := index[c.Bucket+"\x00"+string(c.Key)]; ok {
			old.Changes[i].After, old.Changes[i].Has = c.After, c.Has
		} else {
			old.Changes = append(old.Changes, c)
		}
	}
	old.Time = next.Time
	return old
}

// Step is an undo step as Undo and Redo report it: its label and the
// records it touched.
type Step struct {
	Label   string
	Changes Changes
}

// Undo reverts the last undoable action and reports it.
func (s *Store) Undo() (Step, error) { return s.step(bUndo, bRedo, true) }

// Redo re-applies the last undone action and reports it.
func (s *Store) Redo() (Step, error) { return s.step(bRedo, bUndo, false) }

func (s *Store) step(from, to string, undoing bool) (Step, error) {
	var st Step
	var k []byte // the step's key, to drop exactly it on a conflict
	err := s.db.Update(func(btx *bolt.Tx) error {
		src := btx.Bucket([]byte(from))
		var e *undoEntry
		if src != nil {
			k, e = lastEntry(src)
		}
		if e == nil {
			if undoing {
				return ErrNothingToUndo
			}
			return ErrNothingToRedo
		}
		st = Step{Label: e.Label, Changes: changesOf(e.Changes)}
		// On ErrUndoConflict the stale step is dropped below, in a
		// transaction of its own.
		if err := apply(btx, e.Changes, undoing); err != nil {
			return err
		}
		if err := s.committing(newTx(btx, s.texts, nil), st.Changes, false); err != nil {
			return err
		}
		for _, c := range e.Changes {
			if c.Bucket == bTexts {
				s.texts.drop(string(c.Key))
			}
		}
		if err := src.Delete(k); err != nil {
			return fmt.Errorf("pop %s: %w", from, err)
		}
		dst := btx.Bucket([]byte(to))
		e.Merge = "" // a redone step never absorbs later typing
		return pushEntry(dst, *e)
	})
	if errors.Is(err, ErrUndoConflict) {
		_ = s.db.Update(func(btx *bolt.Tx) error { return btx.Bucket([]byte(from)).Delete(k) })
		verb := "redo"
		if undoing {
			verb = "undo"
		}
		return st, fmt.Errorf("%s %q: %w", verb, st.Label, err)
	}
	return st, err
}

// apply writes the before-images (undo) or after-images (redo) of
// changes, in reverse order for undo, after checking that every key still
// holds what the step left there.
func apply(btx *bolt.Tx, changes []change, undoing bool) error {
	for _, c := range changes {
		b := &bucket{name: c.Bucket, b: btx.Bucket([]byte(c.Bucket))}
		if b.b == nil {
			return fmt.Errorf("apply: no bucket %s", c.Bucket)
		}
		wantV, wantOK := c.After, c.Has
		if !undoing {
			wantV, wantOK = c.Before, c.Had
		}
		v, ok := b.lookup(c.Key)
		if ok != wantOK || !bytes.Equal(v, wantV) {
			return ErrUndoConflict
		}
	}
	for i := range changes {
		c := changes[i]
		if undoing {
			c = changes[len(changes)-1-i]
		}
		b := btx.Bucket([]byte(c.Bucket))
		v, ok := c.Before, c.Had
		if !undoing {
			v, ok = c.After, c.Has
		}
		var err error
		if ok {
			err = b.Put(c.Key, v)
		} else {
			err = b.Delete(c.Key)
		}
		if err != nil {
			return fmt.Errorf("apply %s: %w", c.Bucket, err)
		}
	}
	return nil
}

// UndoLabel and RedoLabel name the next step ("" when there is none), for
// menu items such as "Undo Create claim".
func (s *Store) UndoLabel() string { return s.topLabel(bUndo) }

// RedoLabel names the next step Redo would re-apply.
func (s *Store) RedoLabel() string { return s.topLabel(bRedo) }

func (s *Store) topLabel(name string) string {
	var label string
	_ = s.db.View(func(btx *bolt.Tx) error {
		if b := btx.Bucket([]byte(name)); b != nil {
			if e, ok := lastHead(b); ok {
				label = e.Label
			} else if k, _ := b.Cursor().Last(); k != nil {
				label = damagedStep
			}
		}
		return nil
	})
	return label
}

func lastEntry(b *bolt.Bucket) ([]byte, *undoEntry) {
	k, v := b.Cursor().Last()
	if k == nil {
		return nil, nil
	}
	var e undoEntry
	if json.Unmarshal(v, &e) != nil {
		return bytes.Clone(k), &undoEntry{Label: damagedStep}
	}
	return bytes.Clone(k), &e
}

// damagedStep labels an undo step that cannot be decoded.
const damagedStep = "damaged step"

// lastHead returns the label, merge key and time of the last step in b,
// ok false when there is none or it cannot be read.
func lastHead(b *bolt.Bucket) (undoEntry, bool) {
	k, v := b.Cursor().Last()
	if k == nil {
		return undoEntry{}, false
	}
	return entryHead(v)
}

// entryHead reads an undo step's label, merge key and time, which its
// encoding puts before the changes, without decoding the changes: a
// large merge's step holds megabytes, and the menu reads its label after
// every change.
func entryHead(v []byte) (undoEntry, bool) {
	var e undoEntry
	dec := json.NewDecoder(bytes.NewReader(v))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return e, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return e, false
		}
		switch t {
		case "label":
			err = dec.Decode(&e.Label)
		case "merge":
			err = dec.Decode(&e.Merge)
		case "time":
			err = dec.Decode(&e.Time)
		default:
			return e, true // the changes: what comes before them is read
		}
		if err != nil {
			return e, false
		}
	}
	t, err := dec.Token()
	return e, err == nil && t == json.Delim('}')
}

func pushEntry(b *bolt.Bucket, e undoEntry) error {
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("record undo: %w", err)
	}
	k := binary.BigEndian.AppendUint64(nil, seq)
	return putEntry(b, k, e)
}

func putEntry(b *bolt.Bucket, k []byte, e undoEntry) error {
	data, err := encodeEntry(e)
	if err != nil {
		return err
	}
	return b.Put(k, data)
}

func trim(b *bolt.Bucket, keep int) error {
	n := 0
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		n++
	}
	// Cursor.Delete followed by Next skips a key: start from First again.
	for k, _ := c.First(); k != nil && n > keep; k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return fmt.Errorf("trim undo: %w", err)
		}
		n--
	}
	return nil
}

func clearBucket(b *bolt.Bucket) error {
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return fmt.Errorf("clear redo: %w", err)
		}
	}
	return nil
}
