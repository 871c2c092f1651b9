package annotate

import (
	"net/url"
	"strings"
)

// CanonicalURL returns the form of an article's URL used to recognise the
// same article: scheme and host lower-cased, default ports, the fragment,
// tracking parameters (utm_*, fbclid, gclid) and a trailing slash dropped,
// the remaining query parameters sorted. Anything that is not an absolute
// http(s) URL comes back trimmed but otherwise as it is.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Host = strings.TrimSuffix(strings.TrimSuffix(u.Host, ":80"), ":443")
	u.Fragment, u.RawFragment = "", ""
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode() // sorted by key
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u.String()
}
