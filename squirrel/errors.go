package squirrel

import (
	"fmt"
	"strings"
)

// An Error is a Squirrel runtime error: a thrown value that no try
// caught, with the stack as it was when the value was thrown.
type Error struct {
	Value  Value        // what was thrown; a string for the VM's own errors
	Msg    string       // the message: the string, or a description of the value
	Trace  []TraceFrame // innermost first
	Locals []LocalValue // the locals of the innermost Squirrel frame
	fatal  bool         // a limit was hit: try cannot catch it
}

// A TraceFrame is one call of a stack trace.
type TraceFrame struct {
	Func string // the function's name, or "unknown"
	File string // "NATIVE" for Go functions
	Line int
}

// A LocalValue is a named local variable and a short description of its
// value, as a stack trace shows it.
type LocalValue struct {
	Name  string
	Value string
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

// Fatal reports whether the error ended the VM entry regardless of try
// blocks: the step budget ran out or the context was cancelled.
func (e *Error) Fatal() bool { return e.fatal }

// Traceback formats the error as the reference interpreter prints an
// uncaught error: the message, the call stack and the locals.
func (e *Error) Traceback() string {
	var b strings.Builder
	fmt.Fprintf(&b, "AN ERROR HAS OCCURED [%s]\n\nCALLSTACK\n", e.Msg)
	for _, f := range e.Trace {
		if f.File == "NATIVE" {
			fmt.Fprintf(&b, "*FUNCTION [%s()] NATIVE line [-1]\n", f.Func)
			continue
		}
		fmt.Fprintf(&b, "*FUNCTION [%s()] %s line [%d]\n", f.Func, f.File, f.Line)
	}
	if len(e.Locals) > 0 {
		b.WriteString("\nLOCALS\n")
		for _, l := range e.Locals {
			fmt.Fprintf(&b, "[%s] %s\n", l.Name, l.Value)
		}
	}
	return b.String()
}

// errorf makes a VM error whose value is the message string.
func (vm *VM) errorf(format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Value: vm.Str(msg), Msg: msg}
}

// throwValue makes the error for a thrown value.
func (vm *VM) throwValue(v Value) *Error {
	if s, ok := v.AsString(); ok {
		return &Error{Value: v, Msg: s}
	}
	return &Error{Value: v, Msg: fmt.Sprintf("(%s : %s)", vm.typeName(v), vm.describe(v))}
}

// asError turns any error from a native function into a Squirrel error.
func (vm *VM) asError(err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return &Error{Value: vm.Str(err.Error()), Msg: err.Error()}
}

// maxTrace bounds the frames a stack trace keeps, so that a runaway
// recursion gives a readable error.
const maxTrace = 20

// addTrace records the stack of frames [0, n) in e, if it has none yet.
func (vm *VM) addTrace(e *Error) {
	if e.Trace != nil {
		return
	}
	e.Trace = []TraceFrame{}
	for i := len(vm.frames) - 1; i >= 0; i-- {
		if len(e.Trace) == maxTrace {
			// Keep the innermost frames and the outermost one.
			i = 0
		}
		f := vm.frames[i]
		if f.nc != nil {
			e.Trace = append(e.Trace, TraceFrame{Func: f.nc.name, File: "NATIVE", Line: -1})
			continue
		}
		pc := f.pc - 1
		if pc < 0 {
			pc = 0
		}
		e.Trace = append(e.Trace, TraceFrame{Func: f.p.name.s, File: f.p.file, Line: int(f.p.fc.LineAt(pc))})
		if e.Locals == nil {
			e.Locals = []LocalValue{}
			for _, l := range f.p.fc.Locals {
				if int(l.Start) <= pc && (l.End < 0 || pc < int(l.End)) && f.base+int(l.Reg) < len(vm.stack) {
					if strings.HasPrefix(l.Name, "@") {
						continue
					}
					e.Locals = append(e.Locals, LocalValue{Name: l.Name, Value: vm.describe(vm.stack[f.base+int(l.Reg)])})
				}
			}
		}
	}
}

// describe formats a value for a stack trace or an error message.
func (vm *VM) describe(v Value) string {
	switch v.Kind() {
	case NullKind:
		return "NULL"
	case StringKind:
		s, _ := v.AsString()
		if len(s) > 50 {
			s = s[:50] + "..."
		}
		return `"` + s + `"`
	case IntKind, FloatKind, BoolKind:
		return vm.scalarString(v)
	}
	return strings.ToUpper(vm.typeName(v))
}
