package rex

import (
	"errors"
	"sync"
)

// DefaultSteps is the work budget of Match, Search and Capture: the number of
// node visits (and bytes scanned by \m) after which a match attempt gives up
// and reports no match.
const DefaultSteps = 1 << 24

// ErrStepLimit is returned by the *Limit methods when a match attempt runs
// out of its step budget or nests too deeply; the attempt then counts as no
// match.
var ErrStepLimit = errors.New("regexp: step limit exceeded")

// Error is a pattern compilation error; Msg is the reference library's
// message, such as "expected paren" or "letter expected".
type Error struct{ Msg string }

// Error returns the message unchanged, as Squirrel's regexp constructor
// throws it.
func (e *Error) Error() string { return e.Msg }

// Span is the byte range [Begin, End) of a match or of one capture group.
// As in the reference, a group that matched nothing (or did not take part)
// is reported as Begin = End = 0.
type Span struct{ Begin, End int }

// Regexp is a compiled pattern. It is safe for concurrent use, but like the
// reference object it remembers capture positions between calls: a group
// that the latest match never entered reports what an earlier call left.
type Regexp struct {
	nodes   []node
	ngroups int

	mu   sync.Mutex
	caps []capture // the reference's per-object match table
}

// capture is one entry of the match table: where the group began and how
// many bytes it spanned; zero length means nothing is reported.
type capture struct{ begin, length int }

// Compile parses a pattern. Errors are *Error values carrying the reference
// library's messages. The pattern ends at its first NUL byte.
func Compile(pattern string) (*Regexp, error) {
	p := &parser{src: cutNUL(pattern)}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return &Regexp{nodes: p.nodes, ngroups: p.ngroups, caps: make([]capture, p.ngroups)}, nil
}

// NumSubExp returns the number of capture groups plus one (the whole
// match), as regexp.subexpcount does.
func (re *Regexp) NumSubExp() int { return re.ngroups }

// Match reports whether the whole of s matches, as regexp.match does. It
// gives up with false after DefaultSteps.
func (re *Regexp) Match(s string) bool {
	ok, _ := re.MatchLimit(s, DefaultSteps)
	return ok
}

// MatchLimit is Match with an explicit step budget; it returns ErrStepLimit
// when the budget runs out.
func (re *Regexp) MatchLimit(s string, steps int) (bool, error) {
	s = cutNUL(s)
	re.mu.Lock()
	defer re.mu.Unlock()
	m := re.newMatcher(s, 0, len(s), steps)
	end := m.match(0, 0, none)
	if m.aborted {
		return false, ErrStepLimit
	}
	return end == len(s), nil
}

// Search finds the first match that begins at or after byte offset start,
// as regexp.search does; begin and end are offsets into s. It reports no
// match when start is outside s, when no byte is left to search from, or
// after DefaultSteps.
func (re *Regexp) Search(s string, start int) (begin, end int, ok bool) {
	begin, end, ok, _ = re.SearchLimit(s, start, DefaultSteps)
	return begin, end, ok
}

// SearchLimit is Search with an explicit step budget; it returns
// ErrStepLimit when the budget runs out.
func (re *Regexp) SearchLimit(s string, start, steps int) (begin, end int, ok bool, err error) {
	re.mu.Lock()
	defer re.mu.Unlock()
	return re.search(s, start, steps)
}

// Capture finds the first match at or after start, as regexp.capture does,
// and returns one span per entry of NumSubExp: the whole match, then each
// group in the order of its opening parenthesis.
func (re *Regexp) Capture(s string, start int) (spans []Span, ok bool) {
	spans, ok, _ = re.CaptureLimit(s, start, DefaultSteps)
	return spans, ok
}

// CaptureLimit is Capture with an explicit step budget; it returns
// ErrStepLimit when the budget runs out.
func (re *Regexp) CaptureLimit(s string, start, steps int) (spans []Span, ok bool, err error) {
	re.mu.Lock()
	defer re.mu.Unlock()
	if _, _, ok, err = re.search(s, start, steps); !ok {
		return nil, false, err
	}
	spans = make([]Span, len(re.caps))
	for i, c := range re.caps {
		if c.length > 0 {
			spans[i] = Span{c.begin, c.begin + c.length}
		}
	}
	return spans, true, nil
}

// search runs the reference's search loop: one anchored attempt at each
// offset from start up to, but not including, the end of the subject.
func (re *Regexp) search(s string, start, steps int) (begin, end int, ok bool, err error) {
	if start < 0 || start > len(s) {
		return 0, 0, false, nil
	}
	eol := start + len(cutNUL(s[start:]))
	m := re.newMatcher(s, start, eol, steps)
	for p := start; p < eol; p++ {
		m.due = 0
		if e := m.match(0, p, none); e >= 0 {
			return p, e, true, nil
		}
		if m.aborted {
			return 0, 0, false, ErrStepLimit
		}
	}
	return 0, 0, false, nil
}

// cutNUL returns s up to its first NUL byte, where the reference's C
// strings end.
func cutNUL(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return s[:i]
		}
	}
	return s
}
