package hypothesis

import (
	"net/url"
	"sort"
	"strings"
)

// NormalizeURL returns the form of a page's URL that Place matches on, so
// that the address an analyst annotated in a browser finds the article
// imported from it: the fragment is dropped (Hypothesis adds
// #annotations:…), and so are tracking parameters (utm_*, fbclid, gclid,
// mc_cid, mc_eid); the remaining parameters are sorted; a trailing slash,
// a default port, a "www." host prefix and the choice of http or https
// make no difference; scheme and host are lower-cased. A URN (urn:uuid:…,
// as Marginalia's W3C export names an article without a URL) is only
// lower-cased. What does not parse as a URL is returned trimmed.
func NormalizeURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return raw
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme == "urn" {
		return strings.ToLower(raw)
	}
	if scheme != "http" && scheme != "https" || u.Host == "" {
		u.Fragment, u.RawFragment = "", ""
		return u.String()
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	q := u.Query()
	for key := range q {
		k := strings.ToLower(key)
		if strings.HasPrefix(k, "utm_") || k == "fbclid" || k == "gclid" || k == "mc_cid" || k == "mc_eid" {
			delete(q, key)
		}
	}
	out := "http://" + host + path
	if len(q) > 0 {
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			for _, v := range q[k] {
				parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
			}
		}
		out += "?" + strings.Join(parts, "&")
	}
	return out
}
