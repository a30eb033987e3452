package report

import (
	"net/url"
	"strings"
)

// maxURLLen is the longest article address the reports link to.
const maxURLLen = 2048

// articleURL returns raw as an address the reports may link to: an
// absolute http or https URL with a host, no white space or control
// characters, at most maxURLLen bytes, normalised by net/url, with
// quotes, angle brackets and the like percent-encoded. Anything
// else, a javascript: or data: URL above all, gives "", and the title is
// shown without a link.
func articleURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > maxURLLen {
		return ""
	}
	for _, r := range raw {
		if r <= ' ' || r == 0x7f {
			return ""
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	// net/url leaves a query as it was given: encode what has no place
	// in a URL, so that the address reads the same in every format.
	return urlUnsafe.Replace(u.String())
}

var urlUnsafe = strings.NewReplacer(`"`, "%22", "<", "%3C", ">", "%3E", "'", "%27", "`", "%60",
	"{", "%7B", "}", "%7D", "|", "%7C", `\`, "%5C", "^", "%5E")

// mdURL percent-encodes the characters of an articleURL that would end a
// Markdown link destination or a table cell, or be read as an escape.
var mdURL = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E",
	"|", "%7C", `\`, "%5C", "`", "%60", "[", "%5B", "]", "%5D", `"`, "%22").Replace
