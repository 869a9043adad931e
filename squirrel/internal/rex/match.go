package rex

// maxDepth bounds the matcher's recursion; an attempt that goes deeper
// stops as if its step budget had run out.
const maxDepth = 10000

// matcher runs one call of Match, Search or Capture over s. Positions are
// offsets into s; bol and eol delimit the subject (eol is also where a NUL
// byte, if any, cut it short).
type matcher struct {
	nodes    []node
	caps     []capture
	s        string
	bol, eol int
	due      int // the next capture index that may open (the reference's _currsubexp)
	steps    int
	depth    int
	aborted  bool
}

func (re *Regexp) newMatcher(s string, bol, eol, steps int) *matcher {
	return &matcher{nodes: re.nodes, caps: re.caps, s: s, bol: bol, eol: eol, steps: steps}
}

// at returns the byte at i, or 0 outside s, which is what the reference
// reads at its terminator and what we assume past it.
func (m *matcher) at(i int) byte {
	if i >= 0 && i < len(m.s) {
		return m.s[i]
	}
	return 0
}

// match tries node ni at position pos and returns the position after it, or
// -1. next is the node that will follow ni once ni's own chain has ended;
// repeats use it to decide when to stop.
func (m *matcher) match(ni int32, pos int, next int32) int {
	if m.aborted {
		return -1
	}
	m.steps--
	if m.steps < 0 || m.depth >= maxDepth {
		m.aborted = true
		return -1
	}
	m.depth++
	end := m.node(&m.nodes[ni], pos, next)
	m.depth--
	return end
}

// node dispatches on the kind of n; see match.
func (m *matcher) node(n *node, pos int, next int32) int {
	switch n.op {
	case opRepeat:
		return m.repeat(n, pos, next)
	case opOr:
		if end := m.sequence(n.left, pos); end >= 0 {
			return end
		}
		return m.sequence(n.right, pos)
	case opGroup:
		return m.enter(n, pos, next)
	case opBoundary:
		sp := func(i int) bool { return isSpace(m.at(i)) }
		edge := (pos == m.bol && !sp(pos)) ||
			(pos == m.eol && !sp(pos-1)) ||
			(!sp(pos) && sp(pos+1)) ||
			(sp(pos) && !sp(pos+1))
		if edge == (n.c == 'b') {
			return pos
		}
		return -1
	case opBOL:
		if pos == m.bol {
			return pos
		}
		return -1
	case opEOL:
		if pos == m.eol {
			return pos
		}
		return -1
	case opBalanced:
		return m.balanced(n, pos)
	}
	if pos >= m.eol {
		return -1
	}
	c := m.s[pos]
	var ok bool
	switch n.op {
	case opAny:
		ok = true
	case opClass:
		ok = inClass(n.items, c) != n.negate
	case opCClass:
		ok = inCClass(n.c, c)
	default:
		ok = c == n.c
	}
	if ok {
		return pos + 1
	}
	return -1
}

// sequence matches a chain of nodes one after another, each with no
// follower, as the branches of an alternation are matched.
func (m *matcher) sequence(ni int32, pos int) int {
	for {
		if pos = m.match(ni, pos, none); pos < 0 {
			return -1
		}
		if ni = m.nodes[ni].next; ni == none {
			return pos
		}
	}
}

// repeat matches n.left as often as allowed, but stops early at the first
// count within bounds after which the node that follows (its "stop" node)
// matches too. It never gives back what it took.
func (m *matcher) repeat(n *node, pos int, next int32) int {
	stop := n.next
	if stop == none {
		stop = next
	}
	count, good := 0, pos
	inBounds := func() bool { return count >= int(n.min) && (n.max == unbounded || count <= int(n.max)) }
	for count == unbounded || count < int(n.max) {
		end := m.match(n.left, pos, stop)
		if end < 0 {
			break
		}
		pos, good = end, end
		count++
		if stop != none {
			st := &m.nodes[stop]
			// A following repeat that may match nothing would always
			// succeed, so it is not used as a stop signal.
			if st.op != opRepeat || st.min != 0 {
				after := st.next
				if after == none && next != none {
					after = m.nodes[next].next
				}
				if m.match(stop, pos, after) >= 0 && inBounds() {
					break
				}
			}
		}
		if pos >= m.eol {
			break
		}
	}
	if m.aborted || !inBounds() {
		return -1
	}
	return good
}

// enter matches the chain inside a group. A capturing group records its
// span only when its index is the next one due; on success the due index
// goes back to the one after this group, on failure the group's entry is
// cleared and the due index is left where it got to. These are the
// reference's rules and they decide which repetition a group reports.
func (m *matcher) enter(n *node, pos int, next int32) int {
	slot := -1
	if n.group >= 0 && n.group == m.due {
		slot = m.due
		m.caps[slot].begin = pos
		m.due++
	}
	due := m.due
	for ni := n.left; ni != none; ni = m.nodes[ni].next {
		follow := m.nodes[ni].next
		if follow == none {
			follow = next
		}
		if pos = m.match(ni, pos, follow); pos < 0 {
			if slot >= 0 {
				m.caps[slot] = capture{}
			}
			return -1
		}
	}
	m.due = due
	if slot >= 0 {
		m.caps[slot].length = pos - m.caps[slot].begin
	}
	return pos
}

// balanced matches \m: the opener at pos, then bytes up to the closer that
// balances it. Each byte scanned costs a step.
func (m *matcher) balanced(n *node, pos int) int {
	if m.at(pos) != n.c || pos >= m.eol {
		return -1
	}
	depth := 1
	for pos++; pos < m.eol; pos++ {
		if m.steps--; m.steps < 0 {
			m.aborted = true
			return -1
		}
		switch m.s[pos] {
		case n.close:
			if depth--; depth == 0 {
				return pos + 1
			}
		case n.c:
			depth++
		}
	}
	return -1
}
