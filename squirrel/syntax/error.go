package syntax

import "fmt"

// An Error is a syntax error: the first one in a file, as the reference
// compiler stops at its first error. Msg uses the reference compiler's
// wording where it has one.
type Error struct {
	File string // the file name given to Parse
	Pos  Pos    // where the error was found
	Msg  string // what is wrong
}

// Error returns "file:line:col: msg".
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
}
