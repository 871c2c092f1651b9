package store

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// encodeEntry encodes an undo step exactly as json.Marshal does (the
// steps are read back with json.Unmarshal, and older databases hold
// steps json.Marshal wrote), into a buffer sized once: a merge of
// 10,000 annotations makes a step of about 10 MB, which json.Marshal
// grew by doubling and then copied, three times the step in garbage
// and a fifth of the merge's allocations.
func encodeEntry(e undoEntry) ([]byte, error) {
	quoted := map[string][]byte{} // bucket names: a handful, each quoted once
	quote := func(s string) ([]byte, error) {
		if q, ok := quoted[s]; ok {
			return q, nil
		}
		q, err := json.Marshal(s)
		quoted[s] = q
		return q, err
	}
	label, err := json.Marshal(e.Label)
	if err != nil {
		return nil, fmt.Errorf("record undo: %w", err)
	}
	merge, err := json.Marshal(e.Merge)
	if err != nil {
		return nil, fmt.Errorf("record undo: %w", err)
	}
	at, err := e.Time.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("record undo: %w", err)
	}
	enc := base64.StdEncoding
	size := 64 + len(label) + len(merge) + len(at)
	for _, c := range e.Changes {
		size += 64 + len(c.Bucket) + enc.EncodedLen(len(c.Key)) + enc.EncodedLen(len(c.Before)) + enc.EncodedLen(len(c.After))
	}
	buf := make([]byte, 0, size)
	buf = append(buf, `{"label":`...)
	buf = append(buf, label...)
	if e.Merge != "" {
		buf = append(buf, `,"merge":`...)
		buf = append(buf, merge...)
	}
	buf = append(buf, `,"time":`...)
	buf = append(buf, at...)
	buf = append(buf, `,"changes":`...)
	if e.Changes == nil {
		buf = append(buf, "null"...)
	} else {
		buf = append(buf, '[')
		for i, c := range e.Changes {
			if i > 0 {
				buf = append(buf, ',')
			}
			b, err := quote(c.Bucket)
			if err != nil {
				return nil, fmt.Errorf("record undo: %w", err)
			}
			buf = append(buf, `{"b":`...)
			buf = append(buf, b...)
			buf = appendBytes(buf, `,"k":`, c.Key, false)
			buf = appendBytes(buf, `,"before":`, c.Before, true)
			if c.Had {
				buf = append(buf, `,"had":true`...)
			}
			buf = appendBytes(buf, `,"after":`, c.After, true)
			if c.Has {
				buf = append(buf, `,"has":true`...)
			}
			buf = append(buf, '}')
		}
		buf = append(buf, ']')
	}
	return append(buf, '}'), nil
}

// appendBytes appends name and v as json.Marshal writes a []byte
// (base64 in quotes, null when nil); with omitEmpty, nothing at all when
// v is empty.
func appendBytes(buf []byte, name string, v []byte, omitEmpty bool) []byte {
	if omitEmpty && len(v) == 0 {
		return buf
	}
	buf = append(buf, name...)
	if v == nil {
		return append(buf, "null"...)
	}
	buf = append(buf, '"')
	buf = base64.StdEncoding.AppendEncode(buf, v)
	return append(buf, '"')
}
