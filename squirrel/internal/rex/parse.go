package rex

// maxNesting bounds how deeply groups may nest in a pattern. The reference
// has no such limit; deeper patterns fail with msgNesting.
const maxNesting = 200

// Messages of the reference compiler, plus msgNesting of our own.
const (
	msgParen       = "expected paren"
	msgLetter      = "letter expected"
	msgEmptyClass  = "empty class"
	msgInvalidRng  = "invalid range"
	msgNumber      = "number expected"
	msgOverflow    = "overflow in numeric constant"
	msgBraceComma  = ", or } expected"
	msgUnexpected  = "unexpected character"
	msgBalanced    = "balanced chars expected"
	msgSameBalance = "open/close char can't be the same"
	msgNesting     = "pattern nested too deeply"
)

// parser compiles a pattern into nodes. Node 0 is the implicit group 0 that
// wraps the whole pattern. Sequences and alternatives are built with loops;
// only groups recurse, to at most maxNesting levels.
type parser struct {
	src     string
	pos     int
	nodes   []node
	ngroups int
	depth   int
}

// parse compiles the whole pattern.
func (p *parser) parse() (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	root := p.newGroup(true)
	p.nodes[root].left = p.list()
	if p.peek(0) != 0 {
		p.fail(msgUnexpected)
	}
	return nil
}

// fail aborts compilation with the given message.
func (p *parser) fail(msg string) { panic(&Error{Msg: msg}) }

// peek returns the byte at pos+k, or 0 past the end (where the reference
// sees its NUL terminator).
func (p *parser) peek(k int) byte {
	if i := p.pos + k; i < len(p.src) {
		return p.src[i]
	}
	return 0
}

// expect consumes c or fails with the reference's one message for any
// missing closing character.
func (p *parser) expect(c byte) {
	if p.peek(0) != c {
		p.fail(msgParen)
	}
	p.pos++
}

// newNode appends a node.
func (p *parser) newNode(o op) int32 {
	p.nodes = append(p.nodes, node{op: o, group: -1, left: none, right: none, next: none})
	return int32(len(p.nodes) - 1)
}

// newGroup appends a group node. A capturing group takes the next index when
// it is created, before its contents are parsed, so indexes follow the order
// of opening parentheses.
func (p *parser) newGroup(capturing bool) int32 {
	g := p.newNode(opGroup)
	if capturing {
		p.nodes[g].group = p.ngroups
		p.ngroups++
	}
	return g
}

// list parses alternatives: branch ('|' branch)*. Each branch may start with
// '^'. The result nests to the right: a|b|c is a|(b|c).
func (p *parser) list() int32 {
	var branches []int32
	for {
		branches = append(branches, p.branch())
		if p.peek(0) != '|' {
			break
		}
		p.pos++
	}
	// Create the alternation nodes left to right, as the reference does, and
	// link them right to left.
	ors := make([]int32, len(branches)-1)
	for i := range ors {
		ors[i] = p.newNode(opOr)
	}
	res := branches[len(branches)-1]
	for i := len(ors) - 1; i >= 0; i-- {
		p.nodes[ors[i]].left = branches[i]
		p.nodes[ors[i]].right = res
		res = ors[i]
	}
	return res
}

// branch parses an optional '^' and a sequence of at least one element.
// The sequence continues while the next byte is not '|', ')', '*', '+' or
// the end: a quantifier that follows another quantifier ends the sequence
// (and so fails later), while '?' or '{' there start a literal element.
func (p *parser) branch() int32 {
	head, prev := none, none
	if p.peek(0) == '^' {
		p.pos++
		head = p.newNode(opBOL)
		prev = head
	}
	for {
		e := p.element()
		if head == none {
			head = e
		} else {
			p.nodes[prev].next = e
		}
		prev = e
		if c := p.peek(0); c == 0 || c == '|' || c == ')' || c == '*' || c == '+' {
			break
		}
	}
	return head
}

// element parses one atom and its optional quantifier.
func (p *parser) element() int32 {
	var n int32
	switch p.peek(0) {
	case '(':
		p.pos++
		capturing := p.peek(0) != '?'
		if !capturing {
			p.pos++
			p.expect(':')
		}
		g := p.newGroup(capturing)
		if p.depth++; p.depth > maxNesting {
			p.fail(msgNesting)
		}
		p.nodes[g].left = p.list()
		p.depth--
		p.expect(')')
		n = g
	case '[':
		p.pos++
		n = p.class()
		p.expect(']')
	case '$':
		p.pos++
		n = p.newNode(opEOL)
	case '.':
		p.pos++
		n = p.newNode(opAny)
	default:
		n = p.charNode()
	}
	return p.quantifier(n)
}

// quantifier wraps n in a repeat node if a quantifier follows.
func (p *parser) quantifier(n int32) int32 {
	var lo, hi uint16
	switch p.peek(0) {
	case '*':
		lo, hi = 0, unbounded
	case '+':
		lo, hi = 1, unbounded
	case '?':
		lo, hi = 0, 1
	case '{':
		p.pos++
		if !isDigit(p.peek(0)) {
			p.fail(msgNumber)
		}
		lo = p.number()
		switch p.peek(0) {
		case '}':
			hi = lo
		case ',':
			p.pos++
			hi = unbounded
			if isDigit(p.peek(0)) {
				hi = p.number()
			}
			if p.peek(0) != '}' {
				p.fail(msgParen)
			}
		default:
			p.fail(msgBraceComma)
		}
	default:
		return n
	}
	p.pos++
	r := p.newNode(opRepeat)
	p.nodes[r].left = n
	p.nodes[r].min, p.nodes[r].max = lo, hi
	return r
}

// number parses a decimal repeat count. Ten or more digits overflow; the
// value is then truncated to 16 bits as the reference does.
func (p *parser) number() uint16 {
	v := int(p.peek(0) - '0')
	p.pos++
	for digits := 1; isDigit(p.peek(0)); digits++ {
		v = v*10 + int(p.peek(0)-'0')
		p.pos++
		if digits == 9 {
			p.fail(msgOverflow)
		}
	}
	return uint16(v)
}

// token is one parsed character item: a byte, a predefined class, a word
// boundary or a balanced-pair matcher.
type token struct {
	kind  op // opChar, opCClass, opBoundary or opBalanced
	c, c2 byte
}

// token parses a literal, an escape, a predefined class, \b, \B or \m.
// Inside brackets \b and \B are the literal letters.
func (p *parser) token(inClass bool) token {
	c := p.peek(0)
	if c != '\\' {
		if !isPrint(c) {
			p.fail(msgLetter)
		}
		p.pos++
		return token{kind: opChar, c: c}
	}
	if p.pos+1 >= len(p.src) {
		p.fail(msgLetter) // a trailing backslash: undefined in the reference
	}
	e := p.peek(1)
	p.pos += 2
	switch {
	case controlEscape(e) != 0:
		return token{kind: opChar, c: controlEscape(e)}
	case isCClassLetter(e):
		return token{kind: opCClass, c: e}
	case e == 'm':
		open, cl := p.peek(0), p.peek(1)
		p.pos += 2
		if open == 0 || cl == 0 {
			p.fail(msgBalanced)
		}
		if open == cl {
			p.fail(msgSameBalance)
		}
		return token{kind: opBalanced, c: open, c2: cl}
	case (e == 'b' || e == 'B') && !inClass:
		return token{kind: opBoundary, c: e}
	}
	return token{kind: opChar, c: e}
}

// charNode parses one token outside brackets into a node.
func (p *parser) charNode() int32 {
	t := p.token(false)
	n := p.newNode(t.kind)
	p.nodes[n].c, p.nodes[n].close = t.c, t.c2
	return n
}

// class parses the inside of brackets, after '['. A '-' after a member makes
// a range whose end is a byte or a control escape; as in the reference, the
// range is checked against the raw pattern byte after the '-', and a class
// member can never start a range.
func (p *parser) class() int32 {
	n := p.newNode(opClass)
	if p.peek(0) == '^' {
		p.nodes[n].negate = true
		p.pos++
	}
	if p.peek(0) == ']' {
		p.fail(msgEmptyClass)
	}
	var items []classItem
	var pending classItem
	has := false
	for p.peek(0) != ']' {
		if p.peek(0) == '-' && has {
			p.pos++
			if pending.kind != itemByte || pending.lo > p.peek(0) {
				p.fail(msgInvalidRng)
			}
			items = append(items, classItem{kind: itemRange, lo: pending.lo, hi: p.rangeEnd()})
			has = false
			continue
		}
		if has {
			items = append(items, pending)
		}
		pending, has = p.classItem(), true
	}
	if has {
		items = append(items, pending)
	}
	p.nodes[n].items = items
	return n
}

// classItem parses one member of a bracket class.
func (p *parser) classItem() classItem {
	t := p.token(true)
	switch t.kind {
	case opCClass:
		return classItem{kind: itemCClass, lo: t.c}
	case opBalanced:
		return classItem{kind: itemNever}
	}
	return classItem{kind: itemByte, lo: t.c}
}

// rangeEnd parses the upper end of a range: a printable byte or an escape,
// where only \n, \t, \r, \f and \v are special.
func (p *parser) rangeEnd() byte {
	c := p.peek(0)
	if c == '\\' {
		if p.pos+1 >= len(p.src) {
			p.fail(msgLetter)
		}
		c = p.peek(1)
		p.pos += 2
		if e := controlEscape(c); e != 0 {
			return e
		}
		return c
	}
	if !isPrint(c) {
		p.fail(msgLetter)
	}
	p.pos++
	return c
}

// controlEscape maps the letter of \n, \t, \r, \f or \v to its byte, or
// returns 0.
func controlEscape(e byte) byte {
	switch e {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case 'f':
		return '\f'
	case 'v':
		return '\v'
	}
	return 0
}
