package wire

// Error reports a runtime error in the device code: the message, the
// Squirrel call stack and the locals of the innermost frame. The device
// sends the innermost MaxStackFrames frames and the first MaxLocals
// locals, cutting long strings, so that the report always fits.
type Error struct {
	Text   string       // the error message, at most MaxErrorText bytes
	Stack  []StackFrame // innermost first, at most MaxStackFrames
	Locals []Local      // of the innermost frame, at most MaxLocals
}

// StackFrame is one Squirrel call frame of an Error.
type StackFrame struct {
	Function string // at most MaxFunction bytes; "main" for the top level
	File     string // at most MaxFile bytes
	Line     uint32
}

// Local is one local variable of an Error's innermost frame, its value
// rendered as the device's tostring would.
type Local struct {
	Name  string // at most MaxLocalName bytes
	Value string // at most MaxLocalValue bytes
}

// Type returns TypeError.
func (*Error) Type() Type { return TypeError }

// Encode appends the body of r to b.
func (r *Error) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeError, b)
	e.string("text", r.Text, MaxErrorText)
	e.count("stack", len(r.Stack), MaxStackFrames)
	for i, f := range r.Stack {
		e.list, e.item = "stack", i
		e.string("function", f.Function, MaxFunction)
		e.string("file", f.File, MaxFile)
		e.uvarint(uint64(f.Line))
	}
	e.list = ""
	e.count("locals", len(r.Locals), MaxLocals)
	for i, l := range r.Locals {
		e.list, e.item = "locals", i
		e.string("name", l.Name, MaxLocalName)
		e.string("value", l.Value, MaxLocalValue)
	}
	e.list = ""
	return e.result()
}

func (r *Error) decode(d *decoder) {
	r.Text = d.string("text", MaxErrorText)
	// An item is at least one byte per field.
	if n := d.count("stack", MaxStackFrames, 3); n > 0 {
		r.Stack = make([]StackFrame, n)
		for i := range r.Stack {
			d.list, d.item = "stack", i
			f := &r.Stack[i]
			f.Function = d.string("function", MaxFunction)
			f.File = d.string("file", MaxFile)
			f.Line = d.uint32("line")
		}
		d.list = ""
	}
	if n := d.count("locals", MaxLocals, 2); n > 0 {
		r.Locals = make([]Local, n)
		for i := range r.Locals {
			d.list, d.item = "locals", i
			r.Locals[i].Name = d.string("name", MaxLocalName)
			r.Locals[i].Value = d.string("value", MaxLocalValue)
		}
		d.list = ""
	}
}
