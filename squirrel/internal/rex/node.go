package rex

// none marks an absent node index.
const none int32 = -1

// unbounded is the repeat count that means "no upper limit"; as in the
// reference, counts are 16-bit and an explicit 65535 means the same.
const unbounded = 0xFFFF

// op is the kind of a compiled node.
type op uint8

const (
	opChar     op = iota // one literal byte
	opAny                // .
	opClass              // [...] or [^...]
	opCClass             // \w, \d and the other predefined classes
	opBOL                // ^
	opEOL                // $
	opBoundary           // \b or \B
	opBalanced           // \m<open><close>
	opRepeat             // *, +, ?, {n}, {n,}, {n,m} around left
	opOr                 // left | right
	opGroup              // (...) or (?:...) around left
)

// node is one element of the compiled graph. Elements of a sequence are
// chained through next; left and right point at children.
type node struct {
	op       op
	c        byte        // opChar: the byte; opCClass: the class letter; opBoundary: 'b' or 'B'; opBalanced: the opener
	close    byte        // opBalanced: the closer
	negate   bool        // opClass: [^...]
	items    []classItem // opClass members
	min, max uint16      // opRepeat bounds
	group    int         // opGroup: capture index, or -1 for (?:...)
	left     int32
	right    int32
	next     int32
}

// itemKind is the kind of one member of a bracket class.
type itemKind uint8

const (
	itemByte   itemKind = iota // one byte, lo
	itemRange                  // lo through hi
	itemCClass                 // predefined class letter lo
	itemNever                  // a \m inside brackets: the reference keeps it but it never matches
)

// classItem is one member of a bracket class.
type classItem struct {
	kind   itemKind
	lo, hi byte
}

// inClass reports whether c is in the member list.
func inClass(items []classItem, c byte) bool {
	for _, it := range items {
		switch it.kind {
		case itemByte:
			if c == it.lo {
				return true
			}
		case itemRange:
			if c >= it.lo && c <= it.hi {
				return true
			}
		case itemCClass:
			if inCClass(it.lo, c) {
				return true
			}
		}
	}
	return false
}

// isCClassLetter reports whether \<l> names a predefined class.
func isCClassLetter(l byte) bool {
	switch l {
	case 'a', 'A', 'w', 'W', 's', 'S', 'd', 'D', 'x', 'X', 'c', 'C', 'p', 'P', 'l', 'u':
		return true
	}
	return false
}

// inCClass reports whether c belongs to the predefined class named by
// letter, using the C library's "C" locale classification on unsigned bytes.
func inCClass(letter, c byte) bool {
	switch letter {
	case 'a':
		return isAlpha(c)
	case 'A':
		return !isAlpha(c)
	case 'w':
		return isAlpha(c) || isDigit(c) || c == '_'
	case 'W':
		return !(isAlpha(c) || isDigit(c) || c == '_')
	case 's':
		return isSpace(c)
	case 'S':
		return !isSpace(c)
	case 'd':
		return isDigit(c)
	case 'D':
		return !isDigit(c)
	case 'x':
		return isXDigit(c)
	case 'X':
		return !isXDigit(c)
	case 'c':
		return isCntrl(c)
	case 'C':
		return !isCntrl(c)
	case 'p':
		return isPunct(c)
	case 'P':
		return !isPunct(c)
	case 'l':
		return c >= 'a' && c <= 'z'
	case 'u':
		return c >= 'A' && c <= 'Z'
	}
	return false
}

func isAlpha(c byte) bool  { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isXDigit(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
func isSpace(c byte) bool  { return c == ' ' || (c >= '\t' && c <= '\r') }
func isCntrl(c byte) bool  { return c < ' ' || c == 0x7F }
func isPrint(c byte) bool  { return c >= ' ' && c < 0x7F }
func isPunct(c byte) bool  { return isPrint(c) && c != ' ' && !isAlpha(c) && !isDigit(c) }
