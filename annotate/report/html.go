package report

import (
	"bufio"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"net/url"
	"strings"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
)

// The page: one file with its style inline and nothing fetched, so it
// opens offline, prints as it looks (highlight colours included), and
// can be mailed. html/template escapes every value by context; URLs that
// are not http(s) never become links.
const page = `{{define "head"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Marginalia">
<title>{{.R.Title}}</title>
<style>
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1b1b1b; background: #fff; max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: .2em; }
h2 { font-size: 1.3em; margin: 2em 0 .2em; border-top: 1px solid #ccc; padding-top: 1em; }
.meta, .source { color: #555; font: .9em/1.4 system-ui, sans-serif; }
.source a { color: #1a4f8b; word-break: break-all; }
.hl { margin: 1.2em 0; break-inside: avoid; }
.label { font: .85em/1.4 system-ui, sans-serif; margin: 0 0 .3em; }
.kind { font-weight: 600; }
.verdict { font-weight: 600; border: 1px solid #777; border-radius: 3px; padding: 0 .3em; }
blockquote { margin: 0; padding: .5em .8em; border-left: 5px solid #999; white-space: pre-wrap; }
.note { white-space: pre-wrap; margin: .4em 0; }
.tags, .links { font: .85em/1.4 system-ui, sans-serif; color: #333; margin: .3em 0; }
.links { padding-left: 1.2em; }
.empty { font-style: italic; color: #555; }
{{.CSS}}
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  .source a { color: inherit; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
<header>
<h1>{{.R.Title}}</h1>
<p class="meta">{{.Summary}}</p>
</header>
{{end}}{{define "section"}}<section class="article">
<h2>{{.A.Title}}</h2>
<p class="source">{{range $i, $p := .Source}}{{if $i}} · {{end}}{{$p}}{{end}}{{if .URL}}{{if .Source}} · {{end}}<a href="{{.URL}}">{{.URL}}</a>{{end}}</p>
{{if .A.Tags}}<p class="tags">Tags: {{join .A.Tags}}</p>
{{end}}{{if .A.Note}}<p class="note">{{.A.Note}}</p>
{{end}}{{if .Links}}<ul class="links">{{range .Links}}<li>{{.}}</li>{{end}}</ul>
{{end}}{{range .H}}<div class="hl kind-{{.Kind}}">
<p class="label"><span class="kind">{{.Label}}</span>{{if .Speaker}} · <span class="speaker">{{.Speaker}}</span>{{end}}{{if .Verdict}} · <span class="verdict">{{.Verdict}}</span>{{end}}</p>
<blockquote>{{.Quote}}</blockquote>
{{if .Note}}<p class="note">{{.Note}}</p>
{{end}}{{if .Tags}}<p class="tags">Tags: {{join .Tags}}</p>
{{end}}{{if .Links}}<ul class="links">{{range .Links}}<li>{{.}}</li>{{end}}</ul>
{{end}}</div>
{{else}}<p class="empty">No highlights.</p>
{{end}}</section>
{{end}}{{define "foot"}}</body>
</html>
{{end}}`

type htmlHighlight struct {
	Kind, Label, Speaker, Verdict, Quote, Note string
	Tags, Links                                []string
}

type htmlSection struct {
	A      *annotate.Article
	Source []string
	URL    string
	Links  []string
	H      []htmlHighlight
}

func hex(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// kindCSS colours each kind's quotes as the workbench does: the light
// theme's band as the background, the dark theme's as the rule.
func kindCSS() template.CSS {
	var b strings.Builder
	for _, ks := range annotate.KindSpecs() {
		fmt.Fprintf(&b, ".kind-%s blockquote { background: %s; border-left-color: %s; }\n", cssIdent(string(ks.Kind)), hex(ks.Light), hex(ks.Dark))
	}
	return template.CSS(b.String())
}

// cssIdent keeps the characters a class name may hold.
func cssIdent(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

func httpURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// HTML writes the selection of b as one self-contained, printable HTML
// page: the same content as Markdown, each quote on its kind's colour.
func HTML(w io.Writer, b *bundle.Bundle, sel Selection, opts Options) error {
	r := Build(b, sel, opts)
	t, err := template.New("report").Funcs(template.FuncMap{"join": func(s []string) string { return strings.Join(s, ", ") }}).Parse(page)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	prog := &annotate.Progress{Fn: opts.Progress, Total: r.Highlights}
	bw := bufio.NewWriter(w)
	head := struct {
		R       *Report
		Summary string
		CSS     template.CSS
	}{R: r, Summary: r.summary(), CSS: kindCSS()}
	if err := t.ExecuteTemplate(bw, "head", head); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		hs := htmlSection{A: &s.Article, Source: sourceLine(&s.Article), URL: httpURL(s.Article.URL)}
		if hs.URL == "" && s.Article.URL != "" {
			hs.Source = append(hs.Source, s.Article.URL) // shown, not linked
		}
		for _, l := range s.Links {
			hs.Links = append(hs.Links, linkText(l))
		}
		for _, h := range s.Highlights {
			hh := htmlHighlight{Kind: cssIdent(string(h.Annotation.Kind)), Label: h.Kind.Label, Speaker: h.Speaker,
				Verdict: Verdict(h.Annotation.Status), Quote: h.Annotation.Quote.Exact, Note: h.Annotation.Note, Tags: h.Annotation.Tags}
			for _, l := range h.Links {
				hh.Links = append(hh.Links, linkText(l))
			}
			hs.H = append(hs.H, hh)
		}
		if err := t.ExecuteTemplate(bw, "section", hs); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		prog.Add(len(hs.H))
	}
	if err := t.ExecuteTemplate(bw, "foot", nil); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if r.Highlights == 0 && opts.Progress != nil {
		opts.Progress(0, 0)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: write: %w", err)
	}
	return nil
}
