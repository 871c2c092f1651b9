package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"marginalia/annotate"
)

// Format is the kind of file an article comes from.
type Format string

// The formats extract understands.
const (
	Text     Format = "text"
	Markdown Format = "markdown"
	HTML     Format = "html"
)

// Extensions lists the file name extensions Import accepts.
func Extensions() []string { return []string{".txt", ".text", ".md", ".markdown", ".html", ".htm"} }

// FormatOf picks the format from a file name's extension; unknown
// extensions are read as plain text.
func FormatOf(name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return Markdown
	case ".html", ".htm", ".xhtml":
		return HTML
	}
	return Text
}

// Result is what a file yields: the article's text and whatever metadata
// the file carries. Published is zero when unknown.
type Result struct {
	Title     string
	Byline    string
	Source    string
	URL       string
	Published time.Time
	Text      string
	// Tags are the tags a Markdown file's front matter gives.
	Tags []string
}

// Article turns the result into a new, validated article imported at now.
func (r Result) Article(now time.Time) (annotate.Article, error) {
	a, err := annotate.NewArticle(r.Title, r.Text, now)
	if err != nil {
		return a, err
	}
	a.Byline, a.Source, a.URL, a.Published = r.Byline, r.Source, r.URL, r.Published.UTC()
	for _, t := range r.Tags {
		if t = annotate.CleanTag(t); t != "" && utf8.RuneCountInString(t) <= annotate.MaxTagRunes && len(a.Tags) < annotate.MaxTags {
			a.Tags = append(a.Tags, t)
		}
	}
	a.Tags = annotate.CleanTags(a.Tags)
	return a, a.Validate()
}

// File reads and extracts the file at path. It reads regular files only:
// a named pipe, a device or a socket is refused at once, before anything
// could block on it (importing a FIFO used to hang for ever).
//
// File takes no context because it cannot wait on anyone: a regular file
// is read to its end in at most annotate.MaxTextBytes, and a read that
// hangs (on a dead network file system) is a system call no context can
// interrupt either.
func File(path string) (Result, error) {
	f, err := openRegular(path)
	if err != nil {
		return Result{}, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	data, err := readLimited(f)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", path, err)
	}
	r, err := Bytes(filepath.Base(path), data)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// openRegular opens path for reading if it is a regular file. It checks
// the path first, so that opening a named pipe never waits for a writer,
// opens without blocking all the same (the path may change in between),
// and checks the opened file again.
func openRegular(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(info.Mode())
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = notRegular(info.Mode())
		}
		return nil, err
	}
	return f, nil
}

func notRegular(mode os.FileMode) error {
	what := "not a regular file"
	switch {
	case mode.IsDir():
		what = "a folder, not a file"
	case mode&os.ModeNamedPipe != 0:
		what = "a named pipe (FIFO), not a file"
	case mode&os.ModeSocket != 0:
		what = "a socket, not a file"
	case mode&os.ModeDevice != 0:
		what = "a device, not a file"
	}
	return annotate.Invalidf("%s", what)
}

// readLimited reads all of r but refuses more than annotate.MaxTextBytes.
func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, annotate.MaxTextBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(data) > annotate.MaxTextBytes {
		return nil, annotate.Invalidf("file is larger than the %d MB limit", annotate.MaxTextBytes>>20)
	}
	return data, nil
}

// Bytes extracts an article from data, read as the format its file name
// implies. The name also gives the title when the content has none.
func Bytes(name string, data []byte) (Result, error) {
	data, err := decodeUTF16(data)
	if err != nil {
		return Result{}, err
	}
	if FormatOf(name) == HTML && !utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 {
		var err error
		if data, err = decodeHTMLCharset(data); err != nil {
			return Result{}, err
		}
	}
	if err := checkContent(data); err != nil {
		return Result{}, err
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if FormatOf(name) != HTML {
		// A form feed is a page break (pdftotext ends every page with
		// one, before the next page's first line): a line break in the
		// article, not a control character in its text, and no paragraph
		// break, as a paragraph may go on over the page. HTML collapses
		// it as white space.
		data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\n\f"), []byte("\n")), []byte("\f"), []byte("\n"))
	}
	var (
		r          Result
		titleKnown bool // from markup or metadata, not guessed from the first line
	)
	switch FormatOf(name) {
	case Markdown:
		r, titleKnown, err = fromMarkdown(data)
	case HTML:
		r, err = fromHTML(data)
		titleKnown = r.Title != ""
	default:
		r = fromText(string(data))
	}
	if err != nil {
		return Result{}, err
	}
	r.Text = annotate.NormalizeText(r.Text)
	r = tidyHead(r, titleKnown)
	if err := annotate.ValidateText(r.Text); err != nil {
		return Result{}, fmt.Errorf("no article text found: %w", err)
	}
	r.Title = oneLine(r.Title)
	if r.Title == "" {
		// A file name need not be UTF-8; the title must.
		r.Title = oneLine(strings.ToValidUTF8(strings.TrimSuffix(name, filepath.Ext(name)), "\uFFFD"))
	}
	if r.Source == "" && r.URL != "" {
		if u, err := url.Parse(r.URL); err == nil {
			r.Source = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	r.Title, r.Byline, r.Source, r.URL = clip(r.Title), clip(oneLine(r.Byline)), clip(oneLine(r.Source)), clip(oneLine(r.URL))
	return r, nil
}

// clip shortens metadata that a page blew up past what an article may
// hold, rather than refusing the whole article for it.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= annotate.MaxTitleRunes {
		return s
	}
	return string([]rune(s)[:annotate.MaxTitleRunes-1]) + "…"
}

// decodeUTF16 converts text that starts with a UTF-16 byte-order mark
// (Windows Notepad's "Unicode", Word's "Unicode text", Excel's "Unicode
// text" exports) to UTF-8, and returns other data as it is. A surrogate
// without its pair is refused where it is, never replaced.
func decodeUTF16(data []byte) ([]byte, error) {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		order = binary.LittleEndian
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		order = binary.BigEndian
	default:
		return data, nil
	}
	if len(data)%2 != 0 {
		return nil, annotate.Invalidf("not valid UTF-16 text: an odd number of bytes")
	}
	out := make([]byte, 0, len(data))
	for i := 2; i < len(data); i += 2 {
		u := rune(order.Uint16(data[i:]))
		if utf16.IsSurrogate(u) {
			var low rune
			if i+4 <= len(data) {
				low = rune(order.Uint16(data[i+2:]))
			}
			if u >= 0xDC00 || low < 0xDC00 || low > 0xDFFF {
				return nil, annotate.Invalidf("not valid UTF-16 text: an unpaired surrogate at byte %d", i)
			}
			u = utf16.DecodeRune(u, low)
			i += 2
		}
		out = utf8.AppendRune(out, u)
	}
	return out, nil
}

// checkContent refuses empty, oversized, binary and non-UTF-8 data.
func checkContent(data []byte) error {
	switch {
	case len(data) > annotate.MaxTextBytes:
		return annotate.Invalidf("file is larger than the %d MB limit", annotate.MaxTextBytes>>20)
	case len(bytes.TrimSpace(data)) == 0:
		return annotate.Invalidf("file is empty")
	case bytes.IndexByte(data, 0) >= 0 || binaryControls(data):
		return annotate.Invalidf("binary content, not text")
	case !utf8.Valid(data):
		return annotate.Invalidf("not valid UTF-8 text at %s (convert it to UTF-8 first)", position(data, annotate.InvalidUTF8(data)))
	}
	return nil
}

// position describes byte offset off of data as a line and column (in
// characters, both from 1) and the byte offset itself.
func position(data []byte, off int) string {
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	col := 1 + utf8.RuneCount(data[start:off])
	return fmt.Sprintf("line %d, column %d (byte %d)", line, col, off)
}

// binaryControls reports whether more than 1% of the first 8 KB are control
// characters other than tab, newline, carriage return and form feed.
func binaryControls(data []byte) bool {
	head := data[:min(len(data), 8192)]
	n := 0
	for _, b := range head {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' || b == 0x7f {
			n++
		}
	}
	return n*100 > len(head)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// fromText takes the first line as the title when it is short enough to be
// one; the text is kept whole.
func fromText(s string) Result {
	s = annotate.NormalizeText(s)
	first, _, _ := strings.Cut(s, "\n")
	var title string
	if n := utf8.RuneCountInString(first); n > 0 && n <= 200 {
		title = first
	}
	return Result{Title: title, Text: s}
}

// ErrNoContent is returned when an HTML page has no readable main text.
var ErrNoContent = errors.New("no readable article text in the page")
