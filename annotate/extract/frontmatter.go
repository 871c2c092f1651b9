package extract

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"

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
	if !startsWithKey(block) {
		// "---" then text then "---": horizontal rules around a
		// passage, not metadata.
		return fm, data, false
	}
	body = data[start+next:]
	var raw map[string]any
	var err error
	if delim == "---" {
		if err = yaml.Unmarshal(block, &raw); err != nil {
			// Unquoted colons ("title: Budget: the details") are not
			// YAML, though people write them and some tools take them.
			raw, err = simpleYAML(block), nil
		}
	} else {
		err = toml.Unmarshal(block, &raw)
	}
	if err != nil {
		return frontMatter{}, body, true
	}
	return readFrontMatter(raw), body, true
}

// startsWithKey reports whether the first line of a front matter block
// that is neither blank nor a comment starts with a key ("title:",
// "title =", a word or two before the sign) or a TOML table ("[params]").
func startsWithKey(block []byte) bool {
	for _, line := range strings.Split(string(block), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			return true
		}
		i := strings.IndexAny(line, ":=")
		if i <= 0 || i > 40 {
			return false
		}
		key := strings.Trim(strings.TrimSpace(line[:i]), `"'`)
		return key != "" && strings.IndexFunc(key, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_- .", r)
		}) < 0 && strings.Count(key, " ") <= 1
	}
	return false
}

// simpleYAML reads a front matter block YAML refuses line by line: "key:
// value" at the left margin, and "- item" lines under a key without a
// value as its list.
func simpleYAML(block []byte) map[string]any {
	raw := map[string]any{}
	var listKey string
	for _, line := range strings.Split(string(block), "\n") {
		line = strings.TrimRight(line, " \t\r")
		trimmed := strings.TrimSpace(line)
		if item, ok := strings.CutPrefix(trimmed, "- "); ok && listKey != "" {
			list, _ := raw[listKey].([]any)
			raw[listKey] = append(list, unquote(item))
			continue
		}
		if line == "" || line != strings.TrimLeft(line, " \t") || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if value == "" {
			listKey = key
			continue
		}
		listKey = ""
		switch {
		case strings.HasPrefix(value, "[") && strings.HasSuffix(value, "]"):
			var list []any
			for _, item := range strings.Split(value[1:len(value)-1], ",") {
				if item = unquote(item); item != "" {
					list = append(list, item)
				}
			}
			raw[key] = list
		case strings.HasPrefix(value, "[") || strings.HasPrefix(value, "{"):
			// A broken flow collection: nothing to read.
		default:
			raw[key] = unquote(value)
		}
	}
	return raw
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

// splitPandocTitle cuts a Pandoc title block off the top of data: up to
// three lines starting with "%", the title, the authors (separated by
// ";") and the date; a line left empty after "%" gives nothing.
func splitPandocTitle(data []byte) (fm frontMatter, body []byte, found bool) {
	if !bytes.HasPrefix(data, []byte("%")) {
		return fm, data, false
	}
	var fields []string
	rest := data
	for len(fields) < 3 && bytes.HasPrefix(rest, []byte("%")) {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		fields = append(fields, strings.TrimSpace(strings.TrimPrefix(string(line), "%")))
		rest = after
	}
	fields = append(fields, "", "", "")
	fm.Title = oneLine(fields[0])
	var authors []any
	for _, a := range strings.Split(fields[1], ";") {
		if a = oneLine(a); a != "" {
			authors = append(authors, a)
		}
	}
	fm.Byline = joinValue(authors)
	fm.Published, _ = ParseDate(fields[2])
	return fm, rest, true
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
