package annotate

import "testing"

func TestCanonicalURL(t *testing.T) {
	same := [][]string{
		{"https://News.Example.com/a/b/", "https://news.example.com/a/b", "https://news.example.com/a/b#comments", "https://news.example.com:443/a/b?utm_source=x&utm_medium=y"},
		{"http://x.org/p?id=2&lang=en", "http://x.org/p?lang=en&id=2&fbclid=abc"},
	}
	for _, group := range same {
		want := CanonicalURL(group[0])
		for _, u := range group[1:] {
			if got := CanonicalURL(u); got != want {
				t.Errorf("CanonicalURL(%q) = %q, want %q as for %q", u, got, want, group[0])
			}
		}
	}
	if a, b := CanonicalURL("https://x.org/p?id=1"), CanonicalURL("https://x.org/p?id=2"); a == b {
		t.Errorf("different articles share %q", a)
	}
	if got := CanonicalURL("  not a url "); got != "not a url" {
		t.Errorf("CanonicalURL(junk) = %q", got)
	}
}
