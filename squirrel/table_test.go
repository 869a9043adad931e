package squirrel

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestTableAgainstMap drives a table and a Go map with the same random
// operations and checks that they always agree, and that iteration visits
// every slot exactly once.
func TestTableAgainstMap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tab := NewTable(0)
	ref := map[string]int32{}
	key := func() Value {
		if r.IntN(2) == 0 {
			return Int(int32(r.IntN(64)))
		}
		return Str(fmt.Sprintf("k%d", r.IntN(64)))
	}
	name := func(k Value) string {
		if i, ok := k.AsInt(); ok {
			return fmt.Sprint("i", i)
		}
		s, _ := k.AsString()
		return "s" + s
	}
	for step := 0; step < 20000; step++ {
		k := key()
		switch r.IntN(3) {
		case 0, 1:
			v := int32(r.IntN(1000))
			_, existed := ref[name(k)]
			if created := tab.NewSlot(k, Int(v)); created == existed {
				t.Fatalf("step %d: NewSlot(%s) created=%v, but existed=%v", step, name(k), created, existed)
			}
			ref[name(k)] = v
		case 2:
			_, existed := ref[name(k)]
			if _, ok := tab.Delete(k); ok != existed {
				t.Fatalf("step %d: Delete(%s) = %v, want %v", step, name(k), ok, existed)
			}
			delete(ref, name(k))
		}
		if tab.Len() != len(ref) {
			t.Fatalf("step %d: Len = %d, want %d", step, tab.Len(), len(ref))
		}
		if step%97 == 0 {
			seen := map[string]bool{}
			for pos := 0; ; {
				k, v, next, ok := tab.Next(pos)
				if !ok {
					break
				}
				pos = next
				n := name(k)
				if seen[n] {
					t.Fatalf("step %d: iteration visits %s twice", step, n)
				}
				seen[n] = true
				if got, _ := v.AsInt(); got != ref[n] {
					t.Fatalf("step %d: slot %s = %d, want %d", step, n, got, ref[n])
				}
			}
			if len(seen) != len(ref) {
				t.Fatalf("step %d: iteration visits %d slots, want %d", step, len(seen), len(ref))
			}
		}
	}
}

// TestTableLayout pins the reference layout for a small case: keys whose
// hashes collide are chained through free nodes taken from the top, and
// iteration walks nodes in index order.
func TestTableLayout(t *testing.T) {
	tab := NewTable(0) // 4 nodes
	for _, k := range []int32{1, 5, 2} {
		tab.NewSlot(Int(k), Int(k*10))
	}
	// 1 is in node 1; 5 collides with it and takes the free node 3; 2 is in
	// node 2. Iteration is by node index: 1, 2, 5.
	var order []int32
	for pos := 0; ; {
		k, _, next, ok := tab.Next(pos)
		if !ok {
			break
		}
		i, _ := k.AsInt()
		order = append(order, i)
		pos = next
	}
	if fmt.Sprint(order) != "[1 2 5]" {
		t.Errorf("iteration order %v, want [1 2 5]", order)
	}
	// A fourth key fills the table past 3/4 and makes it grow to 8 nodes.
	tab.NewSlot(Int(3), Int(30))
	if len(tab.nodes) != 8 || tab.Len() != 4 {
		t.Errorf("after 4 inserts: %d nodes, %d slots; want 8, 4", len(tab.nodes), tab.Len())
	}
}

func TestStringHash(t *testing.T) {
	// Values computed by hand from the reference algorithm.
	tests := []struct {
		s    string
		want uint32
	}{
		{"", 0},
		{"a", 1 ^ ((1 << 5) + (1 >> 2) + 'a')},
	}
	for _, tt := range tests {
		if got := hashString(tt.s); got != tt.want {
			t.Errorf("hashString(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
	// Long strings hash a bounded number of characters.
	long := make([]byte, 1<<20)
	if hashString(string(long)) == 0 {
		t.Error("hash of a long string of zero bytes is 0")
	}
}

// Null is never a key: looking it up finds nothing (free nodes have null
// keys), and creating it changes nothing.
func TestNullKey(t *testing.T) {
	tb := NewTable(0)
	if _, ok := tb.Get(Null); ok {
		t.Fatal("null found in an empty table")
	}
	tb.NewSlot(Int(1), Int(2))
	if tb.NewSlot(Null, Int(3)) || tb.Len() != 1 {
		t.Fatal("a null key was stored")
	}
	if _, ok := tb.Delete(Null); ok {
		t.Fatal("null deleted")
	}
}
