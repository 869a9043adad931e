package squirrel

import "math"

// Table is a Squirrel table: a hash map from any non-null value to any
// value, with an optional delegate.
//
// The layout is the reference implementation's (itself Lua 4.0's): a
// power-of-two array of nodes, each key in its main position (hash mod
// size) or chained from it through free nodes taken from the top of the
// array down. Iteration walks the array in index order, so with the same
// hash functions and the same sequence of insertions and deletions a
// table iterates in the same order as the reference VM — which existing
// Squirrel code and its tests can observe.
type Table struct {
	nodes     []node
	firstFree int32 // nodes at or above it, up to the end, are in use
	used      int32
	delegate  *Table
	id        uint32 // hash of the table when used as a key
}

type node struct {
	key, val Value
	next     int32 // index of the next node in this chain, or -1
}

// minTableSize is the smallest number of nodes a table has (MINPOWER2).
const minTableSize = 4

// NewTable returns an empty table with room for about n slots.
func NewTable(n int) *Table {
	t := &Table{}
	size := minTableSize
	for n > size && size < 1<<30 {
		size <<= 1
	}
	t.alloc(size)
	return t
}

func (t *Table) alloc(size int) {
	t.nodes = make([]node, size)
	for i := range t.nodes {
		t.nodes[i].next = -1
	}
	t.firstFree = int32(size - 1)
}

// Len returns the number of slots in the table.
func (t *Table) Len() int { return int(t.used) }

// Delegate returns the table's delegate, or nil.
func (t *Table) Delegate() *Table { return t.delegate }

// hashKey returns the reference VM's hash of a key.
func hashKey(k Value) uint32 {
	switch o := k.o.(type) {
	case *String:
		return o.hash
	case intMark, boolMark:
		return uint32(k.n)
	case floatMark:
		return uint32(floatToInt(k.f()))
	case *Table:
		return o.id
	case *Array:
		return o.id
	case *Closure:
		return o.id
	case *NativeClosure:
		return o.id
	case *Class:
		return o.id
	case *Instance:
		return o.id
	case *Generator:
		return o.id
	case *WeakRef:
		return o.id
	case *UserData:
		return o.id
	}
	return 0
}

// floatToInt converts as a Cortex-M does: truncating toward zero and
// saturating out-of-range values; NaN becomes 0.
func floatToInt(f float64) int32 {
	switch {
	case f != f:
		return 0
	case f >= math.MaxInt32:
		return math.MaxInt32
	case f <= math.MinInt32:
		return math.MinInt32
	}
	return int32(f)
}

// keyEqual is the table's key identity: the same kind and the same bits,
// the same string content, or the same object.
func keyEqual(a, b Value) bool {
	switch x := a.o.(type) {
	case *String:
		y, ok := b.o.(*String)
		return ok && (x == y || (x.hash == y.hash && x.s == y.s))
	case intMark:
		_, ok := b.o.(intMark)
		return ok && a.n == b.n
	case floatMark:
		_, ok := b.o.(floatMark)
		return ok && a.n == b.n
	case boolMark:
		_, ok := b.o.(boolMark)
		return ok && a.n == b.n
	}
	return a.o == b.o && a.n == b.n
}

func (t *Table) find(k Value, h uint32) int32 {
	if k.o == nil {
		// Free nodes have null keys: null is never a key.
		return -1
	}
	i := int32(h & uint32(len(t.nodes)-1))
	for i >= 0 {
		n := &t.nodes[i]
		if keyEqual(n.key, k) {
			return i
		}
		i = n.next
	}
	return -1
}

// findString is find specialised for a string key, the common case.
func (t *Table) findString(s *String) int32 {
	i := int32(s.hash & uint32(len(t.nodes)-1))
	for i >= 0 {
		n := &t.nodes[i]
		if k, ok := n.key.o.(*String); ok && (k == s || (k.hash == s.hash && k.s == s.s)) {
			return i
		}
		i = n.next
	}
	return -1
}

// Get returns the value of slot k, without consulting delegates.
func (t *Table) Get(k Value) (Value, bool) {
	var i int32
	if s, ok := k.o.(*String); ok {
		i = t.findString(s)
	} else {
		i = t.find(k, hashKey(k))
	}
	if i < 0 {
		return Null, false
	}
	return t.nodes[i].val, true
}

// GetStr returns the value of the slot named s.
func (t *Table) GetStr(s string) (Value, bool) {
	return t.Get(Value{o: &String{s: s, hash: hashString(s)}})
}

// Set changes an existing slot and reports whether it existed; unlike
// NewSlot it never creates one.
func (t *Table) Set(k, v Value) bool {
	var i int32
	if s, ok := k.o.(*String); ok {
		i = t.findString(s)
	} else {
		i = t.find(k, hashKey(k))
	}
	if i < 0 {
		return false
	}
	t.nodes[i].val = v
	return true
}

// NewSlot sets slot k to v, creating it if needed, and reports whether it
// was created. A null key is refused (nothing changes).
func (t *Table) NewSlot(k, v Value) bool {
	if k.o == nil {
		return false
	}
	h := hashKey(k)
	mask := uint32(len(t.nodes) - 1)
	if i := t.find(k, h); i >= 0 {
		t.nodes[i].val = v
		return false
	}
	mp := int32(h & mask)
	if t.nodes[mp].key.o != nil {
		// The main position is taken: use the first free node.
		free := t.firstFree
		other := int32(hashKey(t.nodes[mp].key) & mask)
		if mp > free && other != mp {
			// The colliding node is not in its own main position: move it
			// to the free node and take its place.
			for t.nodes[other].next != mp {
				other = t.nodes[other].next
			}
			t.nodes[other].next = free
			t.nodes[free] = t.nodes[mp]
			t.nodes[mp] = node{next: -1}
		} else {
			// The new key goes into the free node, chained after mp.
			t.nodes[free].next = t.nodes[mp].next
			t.nodes[mp].next = free
			mp = free
		}
	}
	t.nodes[mp].key = k
	for {
		ff := &t.nodes[t.firstFree]
		if ff.key.o == nil && ff.next == -1 {
			t.nodes[mp].val = v
			t.used++
			return true
		}
		if t.firstFree == 0 {
			break
		}
		t.firstFree--
	}
	// No free node is left. As in the reference, the new key stays where
	// it is (with a null value) while the table grows, so it is reinserted
	// in index order with the others; then its value is set.
	t.rehash(true)
	t.NewSlot(k, v)
	return true
}

// rehash resizes the node array when it is more than 3/4 or less than 1/4
// full, or always when force is set, and reinserts every slot in index
// order, as the reference does.
func (t *Table) rehash(force bool) {
	old := t.nodes
	oldSize := len(old)
	if oldSize < 4 {
		oldSize = 4
	}
	n := int(t.used)
	switch {
	case n >= oldSize-oldSize/4:
		t.alloc(oldSize * 2)
	case n <= oldSize/4 && oldSize > minTableSize:
		t.alloc(oldSize / 2)
	case force:
		t.alloc(oldSize)
	default:
		return
	}
	t.used = 0
	for i := range old {
		if old[i].key.o != nil {
			t.NewSlot(old[i].key, old[i].val)
		}
	}
}

// Delete removes slot k and returns its value and whether it existed.
func (t *Table) Delete(k Value) (Value, bool) {
	i := t.find(k, hashKey(k))
	if i < 0 {
		return Null, false
	}
	v := t.nodes[i].val
	t.nodes[i].key = Null
	t.nodes[i].val = Null
	t.used--
	t.rehash(false)
	return v, true
}

// Next returns the slot at or after iteration position pos and the
// position to continue from; ok is false when no slot is left. Start
// from position 0.
func (t *Table) Next(pos int) (k, v Value, next int, ok bool) {
	for i := pos; i >= 0 && i < len(t.nodes); i++ {
		if n := &t.nodes[i]; n.key.o != nil {
			return n.key, n.val, i + 1, true
		}
	}
	return Null, Null, -1, false
}

// Clear removes every slot, keeping the delegate.
func (t *Table) Clear() {
	t.alloc(minTableSize)
	t.used = 0
}

// clone returns a shallow copy with the same layout, and so the same
// iteration order, and the same delegate.
func (t *Table) clone() *Table {
	c := &Table{nodes: make([]node, len(t.nodes)), firstFree: t.firstFree, used: t.used, delegate: t.delegate}
	copy(c.nodes, t.nodes)
	return c
}

// Clone returns a shallow copy of t for vm: the same slots, in the same
// order, and the same delegate.
func (t *Table) Clone(vm *VM) *Table {
	c := t.clone()
	c.id = vm.id()
	vm.account(sizeTable + len(c.nodes)*sizeNode)
	return c
}
