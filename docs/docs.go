// Package docs embeds the documents that the drey binary itself reads, so
// that the requirements profile it reports on is the one it was built with.
package docs

import _ "embed"

//go:embed requirements.md
var requirements []byte

// Requirements returns the text of docs/requirements.md, the requirements
// profile for embedded upgrade systems and Drey's conformance table.
// Callers must not modify the returned slice.
func Requirements() []byte { return requirements }
