package suit

import (
	"fmt"
)

// Sequence is a SUIT_Command_Sequence: conditions and directives run in
// order (§8.4.6).
type Sequence []Command

// Command is one condition or directive with its argument. Which argument
// field is set depends on Code:
//
//	conditions, fetch, copy, invoke   Policy (the reporting policy)
//	set-component-index               Index
//	override-parameters               Params
//	try-each                          Sequences: the alternatives; a nil last entry is the draft's nil alternative
//	run-sequence                      Sequences: exactly one
type Command struct {
	Code      int64
	Policy    uint64
	Index     *ComponentIndex
	Params    *Parameters
	Sequences []Sequence
}

// ComponentIndex is the argument of set-component-index (§6.5): one index,
// a list of indices, or true for every component.
type ComponentIndex struct {
	// All is true for the argument true.
	All bool
	// Indices holds the index, or the list of indices.
	Indices []uint64
	// List is true when the argument was an array, even of one index.
	List bool
}

// decoder carries what command decoding needs from the rest of the
// manifest.
type decoder struct {
	components int  // length of the component list, to bound indices
	shared     bool // decoding the shared sequence: only parameter setting and conditions
	depth      int  // nesting of try-each and run-sequence
}

func (d decoder) wrappedSequence(field string, raw []byte) (Sequence, error) {
	inner, err := readWrapped(field, raw)
	if err != nil {
		return nil, err
	}
	return d.sequence(field, inner)
}

func (d decoder) sequence(field string, data []byte) (Sequence, error) {
	items, err := readArray(field, data)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 || len(items)%2 != 0 {
		return nil, fail(ErrMalformed, field, "%d items; a sequence is one or more (command, argument) pairs", len(items))
	}
	seq := make(Sequence, 0, len(items)/2)
	for i := 0; i < len(items); i += 2 {
		f := fmt.Sprintf("%s[%d]", field, i/2)
		code, err := readInt(f+" command", items[i])
		if err != nil {
			return nil, err
		}
		f += " " + CommandName(code)
		c, err := d.command(f, code, items[i+1])
		if err != nil {
			return nil, err
		}
		seq = append(seq, c)
	}
	// §6.2: with several components every sequence starts by choosing one.
	if d.depth == 0 && d.components > 1 && seq[0].Code != DirSetIndex {
		return nil, fail(ErrMalformed, field, "%d components but the sequence starts with %s, not set-component-index", d.components, CommandName(seq[0].Code))
	}
	return seq, nil
}

func (d decoder) command(field string, code int64, arg []byte) (Command, error) {
	c := Command{Code: code}
	var err error
	switch code {
	case CondVendorID, CondClassID, CondImageMatch, CondComponentSlot, CondAbort:
		c.Policy, err = readUint(field+" reporting policy", arg)
	case DirFetch, DirCopy, DirInvoke:
		if d.shared {
			return c, fail(ErrMalformed, field, "directive in the shared sequence, which may only set parameters and check conditions")
		}
		c.Policy, err = readUint(field+" reporting policy", arg)
	case DirSetIndex:
		c.Index, err = d.index(field, arg)
	case DirOverride:
		c.Params, err = decodeParams(field, arg, d.components)
	case DirTryEach:
		c.Sequences, err = d.tryEach(field, arg)
	case DirRunSequence:
		var inner decoder
		var seq Sequence
		if inner, err = d.deeper(field); err != nil {
			return c, err
		}
		if seq, err = inner.wrappedSequence(field, arg); err == nil {
			c.Sequences = []Sequence{seq}
		}
	default:
		return c, fail(ErrUnsupportedElement, field, "command %d", code)
	}
	return c, err
}

// deeper returns the decoder for a sequence nested in a try-each or
// run-sequence, failing past MaxSequenceDepth.
func (d decoder) deeper(field string) (decoder, error) {
	if d.depth >= MaxSequenceDepth {
		return d, fail(ErrUnsupportedElement, field, "sequences nested deeper than %d", MaxSequenceDepth)
	}
	d.depth++
	return d, nil
}

func (d decoder) tryEach(field string, arg []byte) ([]Sequence, error) {
	inner, err := d.deeper(field)
	if err != nil {
		return nil, err
	}
	items, err := readArray(field, arg)
	if err != nil {
		return nil, err
	}
	if len(items) < 2 {
		return nil, fail(ErrMalformed, field, "%d alternatives (want at least 2)", len(items))
	}
	alts := make([]Sequence, len(items))
	for i, it := range items {
		if i == len(items)-1 && major(it) == majorOther && it[0] == 0xf6 {
			break // the optional nil last alternative
		}
		if alts[i], err = inner.wrappedSequence(fmt.Sprintf("%s alternative %d", field, i), it); err != nil {
			return nil, err
		}
	}
	return alts, nil
}

func (d decoder) index(field string, arg []byte) (*ComponentIndex, error) {
	var ix ComponentIndex
	switch major(arg) {
	case majorUint:
		v, err := readUint(field, arg)
		if err != nil {
			return nil, err
		}
		ix.Indices = []uint64{v}
	case majorArray:
		items, err := readArray(field, arg)
		if err != nil {
			return nil, err
		}
		if len(items) == 0 {
			return nil, fail(ErrMalformed, field, "empty index list")
		}
		ix.List = true
		for _, it := range items {
			v, err := readUint(field, it)
			if err != nil {
				return nil, err
			}
			ix.Indices = append(ix.Indices, v)
		}
	default:
		b, err := readBool(field, arg)
		if err != nil {
			return nil, err
		}
		if !b {
			return nil, fail(ErrMalformed, field, "false (only an index, a list of indices, or true)")
		}
		ix.All = true
	}
	for _, v := range ix.Indices {
		if v >= uint64(d.components) {
			return nil, fail(ErrMalformed, field, "component index %d with %d components", v, d.components)
		}
	}
	return &ix, nil
}

func (seq Sequence) encode() []byte {
	items := make([][]byte, 0, 2*len(seq))
	for _, c := range seq {
		items = append(items, encInt(c.Code), c.encodeArg())
	}
	return encArray(items...)
}

func (c Command) encodeArg() []byte {
	switch c.Code {
	case DirSetIndex:
		if c.Index == nil {
			return encNull
		}
		return c.Index.encode()
	case DirOverride:
		if c.Params == nil {
			return encMap(nil)
		}
		return c.Params.encode()
	case DirTryEach:
		alts := make([][]byte, len(c.Sequences))
		for i, s := range c.Sequences {
			if s == nil {
				alts[i] = encNull
			} else {
				alts[i] = encBstr(s.encode())
			}
		}
		return encArray(alts...)
	case DirRunSequence:
		if len(c.Sequences) != 1 {
			return encNull
		}
		return encBstr(c.Sequences[0].encode())
	}
	return encUint(c.Policy)
}

func (ix *ComponentIndex) encode() []byte {
	if ix.All {
		return encBool(true)
	}
	if !ix.List && len(ix.Indices) == 1 {
		return encUint(ix.Indices[0])
	}
	items := make([][]byte, len(ix.Indices))
	for i, v := range ix.Indices {
		items[i] = encUint(v)
	}
	return encArray(items...)
}
