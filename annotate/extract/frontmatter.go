package extract

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// maxFrontMatter bounds the front matter block looked for at the top of
// a Markdown file: article metadata is a few lines, and a file that opens
// with "---" and closes it 64 KB later is not front matter.
const maxFrontMatter = 64 << 10

// frontMatter is the metadata a Markdown file declares above its text,
// in YAML between "---" lines or TOML between "+++" lines (as Jekyll,
// Hugo, Obsidian and most static-site tools write it).
type frontMatter struct {
	Title, Byline, Source, URL string
	Published                  time.Time
	Tags                       []string
}

// splitFrontMatter cuts a front matter block off the top of data. found
// is true when a block was there, even when it could not be read (its
// metadata is then empty): a block of settings is never article text.
func splitFrontMatter(data []byte) (fm frontMatter, body []byte, found bool) {
	var delim string
	switch {
	case bytes.HasPrefix(data, []byte("---\n")), bytes.HasPrefix(data, []byte("---\r\n")):
		delim = "---"
	case bytes.HasPrefix(data, []byte("+++\n")), bytes.HasPrefix(data, []byte("+++\r\n")):
		delim = "+++"
	default:
		return fm, data, false
	}
	start := bytes.IndexByte(data, '\n') + 1
	head := data[start:min(len(data), start+maxFrontMatter)]
	end, next := -1, -1
	for off := 0; off < len(head); {
		line := head[off:]
		n := bytes.IndexByte(line, '\n')
		if n >= 0 {
			line = line[:n]
		}
		if s := strings.TrimRight(string(line), " \t\r"); s == delim || delim == "---" && s == "..." {
			end, next = off, off+len(line)
			if n >= 0 {
				next++
			}
			break
		}
		if n < 0 {
			break
		}
		off += n + 1
	}
	if end < 0 {
		return fm, data, false
	}
	block := head[:end]
	body = data[start+next:]
	var raw map[string]any
	var err error
	if delim == "---" {
		err = yaml.Unmarshal(block, &raw)
	} else {
		err = toml.Unmarshal(block, &raw)
	}
	if err != nil {
		return frontMatter{}, body, true
	}
	return readFrontMatter(raw), body, true
}

// readFrontMatter picks the article's fields from the keys that static
// site generators and note apps use for them, ignoring case.
func readFrontMatter(raw map[string]any) frontMatter {
	m := make(map[string]any, len(raw))
	for k, v := range raw {
		m[strings.ToLower(strings.ReplaceAll(k, "-", "_"))] = v
	}
	str := func(keys ...string) string {
		for _, k := range keys {
			if s := joinValue(m[k]); s != "" {
				return s
			}
		}
		return ""
	}
	fm := frontMatter{
		Title:  str("title", "headline"),
		Byline: str("author", "authors", "byline", "by", "creator"),
		Source: str("source", "publisher", "outlet", "publication", "site", "site_name"),
		URL:    str("url", "canonical", "canonical_url", "canonicalurl", "link", "permalink", "source_url"),
	}
	if !strings.HasPrefix(fm.URL, "http://") && !strings.HasPrefix(fm.URL, "https://") {
		fm.URL = ""
	}
	for _, k := range []string{"date", "published", "publishdate", "publish_date", "pubdate", "published_at", "created"} {
		if t, ok := timeValue(m[k]); ok {
			fm.Published = t
			break
		}
	}
	for _, k := range []string{"tags", "keywords", "categories"} {
		if tags := listValue(m[k]); len(tags) > 0 {
			fm.Tags = tags
			break
		}
	}
	return fm
}

// joinValue renders a scalar or a list of scalars ("Ana Ruiz and Tomás
// Ferreira" for a list of two authors).
func joinValue(v any) string {
	switch v := v.(type) {
	case string:
		return oneLine(v)
	case []any:
		var names []string
		for _, x := range v {
			if s := joinValue(x); s != "" {
				names = append(names, s)
			}
		}
		switch len(names) {
		case 0:
			return ""
		case 1:
			return names[0]
		}
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	case map[string]any: // author: {name: …}
		return joinValue(v["name"])
	case nil:
		return ""
	case time.Time:
		return v.Format(time.RFC3339)
	}
	return oneLine(fmt.Sprint(v))
}

func listValue(v any) []string {
	switch v := v.(type) {
	case string:
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = oneLine(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	case []any:
		var out []string
		for _, x := range v {
			if s := joinValue(x); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// timeValue reads a date the YAML or TOML decoder typed as a time, or a
// string ParseDate understands.
func timeValue(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		if strings.HasSuffix(v.Location().String(), "-local") {
			// A TOML date without a zone: its wall clock, read as UTC.
			v = time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), 0, time.UTC)
		}
		return v.UTC(), !v.IsZero()
	case string:
		return ParseDate(v)
	}
	return time.Time{}, false
}
