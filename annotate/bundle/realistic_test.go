package bundle

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
)

var realisticWords = strings.Fields("the port authority said cargo handling would resume on monday morning after talks broke down union members voted to accept a pay offer minister claimed volumes fell by a third customs data show twelve per cent")

// realisticBundle makes a bundle like an analyst's: articles of about
// 8 KB, annotations with notes, tags and speakers, links from articles to
// annotations on other articles. The same arguments give the same texts.
func realisticBundle(tb testing.TB, articles, annPer, speakers, links int) *Bundle {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	b := &Bundle{}
	for i := range speakers {
		b.Speakers = append(b.Speakers, annotate.Speaker{ID: annotate.NewID(), Name: fmt.Sprintf("Speaker %d", i),
			Aliases: []string{fmt.Sprintf("S. %d", i)}, Role: "spokesperson"})
	}
	for i := range articles {
		var sb strings.Builder
		fmt.Fprintf(&sb, "Article %d.\n\n", i)
		for sb.Len() < 8000 {
			for range 12 + rng.IntN(10) {
				sb.WriteString(realisticWords[rng.IntN(len(realisticWords))])
				sb.WriteByte(' ')
			}
			sb.WriteString("said “Álvarez”.\n\n")
		}
		a, err := annotate.NewArticle(fmt.Sprintf("Port dispute, day %d", i), sb.String(), testTime)
		if err != nil {
			tb.Fatal(err)
		}
		a.URL = fmt.Sprintf("https://news.example.org/port/%d", i)
		b.Articles = append(b.Articles, a)
		txt := annotate.NewText(a.Text)
		for j := range annPer {
			start := rng.IntN(txt.Len() - 200)
			n, err := annotate.NewAnnotation(a.ID, txt, annotate.Span{Start: start, End: start + 20 + rng.IntN(150)},
				annotate.Kinds()[j%5], "dana", testTime.Add(time.Duration(i*annPer+j)*time.Second))
			if err != nil {
				tb.Fatal(err)
			}
			n.Note = "A note of about eighty characters on what this claim means for the port dispute."
			n.Tags = []string{"pay", "safety"}
			if speakers > 0 && j%2 == 0 {
				n.SpeakerID = b.Speakers[rng.IntN(speakers)].ID
			}
			b.Annotations = append(b.Annotations, n)
		}
	}
	for i := range links {
		from := annotate.Ref{Type: annotate.RefArticle, ID: b.Articles[i%len(b.Articles)].ID}
		n := b.Annotations[(i*7919+1)%len(b.Annotations)]
		if n.ArticleID == from.ID {
			continue
		}
		b.Links = append(b.Links, annotate.Link{ID: annotate.NewID(), From: from, To: annotate.Ref{Type: annotate.RefAnnotation, ID: n.ID},
			Relation: annotate.Relations()[i%7], Creator: "dana", Created: testTime})
	}
	return b
}
