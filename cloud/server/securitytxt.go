package server

import (
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// securityTxt serves /.well-known/security.txt (RFC 9116), so that
// researchers find where to report a vulnerability in the service
// (REQ-VULN-1). contact is a mailto: or https: URI; policy, if not empty,
// the URL of the disclosure policy; models, if not empty, the URL of the
// device models' published support periods (REQ-LIFE-1), given in a
// comment since RFC 9116 has no field for it.
func securityTxt(contact, policy, models string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "Contact: %s\n", contact)
		// The file is made fresh on each request, so it never goes stale.
		fmt.Fprintf(w, "Expires: %s\n", time.Now().UTC().AddDate(1, 0, 0).Truncate(24*time.Hour).Format(time.RFC3339))
		if policy != "" {
			fmt.Fprintf(w, "Policy: %s\n", policy)
		}
		fmt.Fprintf(w, "Preferred-Languages: en\n")
		if models != "" {
			fmt.Fprintf(w, "# Security support periods of device models: %s\n", models)
		}
	}
}

// defaultContact is security@ the public URL's host.
func defaultContact(public string) string {
	u, err := url.Parse(public)
	if err != nil || u.Hostname() == "" {
		return "mailto:security@localhost"
	}
	return "mailto:security@" + u.Hostname()
}
