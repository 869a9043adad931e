package imp

import (
	"container/heap"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"math"
	"time"

	"drey/squirrel"
	"drey/squirrel/lib"
)

// timerHandle is what imp.wakeup returns and imp.cancelwakeup takes.
type timerHandle struct{ id int }

func (r *Runtime) table(name string) *squirrel.Table {
	t := r.vm.NewTable(8)
	r.vm.Root().NewSlot(r.vm.Str(name), squirrel.TableValue(t))
	return t
}

func (r *Runtime) fn(t *squirrel.Table, name string, nparams int, f squirrel.NativeFunc) {
	t.NewSlot(r.vm.Str(name), squirrel.FuncValue(squirrel.NewNative(name, nparams, f)))
}

// seconds converts a delay argument, refusing negative or absurd ones.
func seconds(vm *squirrel.VM, a []squirrel.Value, i int) (time.Duration, error) {
	s, err := vm.FloatArg(a, i)
	if err != nil {
		return 0, err
	}
	if s < 0 || math.IsNaN(s) || s > 10*365*24*3600 {
		return 0, vm.Errorf("invalid time %v", s)
	}
	return time.Duration(s * float64(time.Second)), nil
}

func (r *Runtime) installImp() {
	t := r.table("imp")
	r.fn(t, "wakeup", 3, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		d, err := seconds(vm, a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		if !squirrel.IsCallable(a[2]) {
			return squirrel.Null, vm.ArgError(2, a[2], "function")
		}
		r.seq++
		tm := &timer{due: r.now.Add(d), seq: r.seq, id: r.seq, cb: r.newCallback(a[2])}
		heap.Push(&r.timers, tm)
		return squirrel.ObjectValue(squirrel.NewUserData(&timerHandle{tm.id}, nil, "timer")), nil
	})
	r.fn(t, "cancelwakeup", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		u := a[1].UserData()
		if u == nil {
			return squirrel.Null, vm.ArgError(1, a[1], "timer")
		}
		h, ok := u.Data.(*timerHandle)
		if !ok {
			return squirrel.Null, vm.ArgError(1, a[1], "timer")
		}
		if tm, ok := r.timers.cancel(h.id); ok {
			vm.Unpin(tm.cb.fn)
			vm.Unpin(tm.cb.this)
		}
		return squirrel.Null, nil
	})
	r.fn(t, "onidle", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		if r.idle != nil {
			vm.Unpin(r.idle.fn)
			vm.Unpin(r.idle.this)
			r.idle = nil
		}
		if a[1].IsNull() {
			return squirrel.Null, nil
		}
		if !squirrel.IsCallable(a[1]) {
			return squirrel.Null, vm.ArgError(1, a[1], "function|null")
		}
		cb := r.newCallback(a[1])
		r.idle = &cb
		return squirrel.Null, nil
	})
	r.fn(t, "sleep", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		d, err := seconds(vm, a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		r.now = r.now.Add(d)
		return squirrel.Null, nil
	})
	r.fn(t, "getsoftwareversion", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		return vm.Str("drey-sim"), nil
	})
	r.fn(t, "getmacaddress", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		// A locally administered unicast address derived from the id, as
		// stable as the imp's own.
		h := sha256.Sum256([]byte("drey mac\x00" + r.deviceID()))
		h[0] = h[0]&0xfc | 0x02
		return vm.Str(hex.EncodeToString(h[:6])), nil
	})
	r.fn(t, "getmemoryfree", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		free := r.cfg.MemoryLimit - vm.MemoryInUse()
		if free < 0 {
			free = 0
		}
		return squirrel.Int(int32(free)), nil
	})
}

func (r *Runtime) installServer() {
	t := r.table("server")
	r.fn(t, "log", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		s, err := vm.ToString(a[1])
		if err != nil {
			return squirrel.Null, err
		}
		if r.cfg.OnLog != nil {
			r.cfg.OnLog(false, s, nil)
		}
		fmt.Fprintf(r.cfg.Log, "[%s] %s\n", r.cfg.Kind, s)
		return squirrel.Null, nil
	})
	r.fn(t, "error", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		s, err := vm.ToString(a[1])
		if err != nil {
			return squirrel.Null, err
		}
		if r.cfg.OnLog != nil {
			r.cfg.OnLog(true, s, nil)
		}
		fmt.Fprintf(r.cfg.Err, "[%s] ERROR: %s\n", r.cfg.Kind, s)
		return squirrel.Null, nil
	})
}

func (r *Runtime) installCrypto() {
	t := r.table("crypto")
	r.fn(t, "equals", 3, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		x, err := bytesArg(vm, a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		y, err := bytesArg(vm, a, 2)
		if err != nil {
			return squirrel.Null, err
		}
		return squirrel.Bool(subtle.ConstantTimeCompare(x, y) == 1), nil
	})
}

// bytesArg accepts a string or a blob.
func bytesArg(vm *squirrel.VM, a []squirrel.Value, i int) ([]byte, error) {
	if s, ok := a[i].AsString(); ok {
		return []byte(s), nil
	}
	if b := lib.BlobOf(a[i]); b != nil {
		return b.Bytes(), nil
	}
	return nil, vm.ArgError(i, a[i], "string|blob")
}

func (r *Runtime) installHardware() {
	t := r.table("hardware")
	r.fn(t, "millis", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		return squirrel.Int(int32(r.now.Sub(r.start).Milliseconds())), nil
	})
	r.fn(t, "micros", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		return squirrel.Int(int32(r.now.Sub(r.start).Microseconds())), nil
	})
	r.fn(t, "getdeviceid", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		return vm.Str(r.deviceID()), nil
	})
	r.fn(t, "voltage", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		if r.cfg.Voltage != nil {
			return vm.FloatValue(r.cfg.Voltage()), nil
		}
		return vm.FloatValue(3.3), nil
	})
	r.installPins(t)
}

// constant defines an API constant both ways code may meet it: in the
// constant table, for code compiled in this VM, and in the root table,
// for bytecode compiled elsewhere (in the cloud), where the name was not
// known to be a constant and compiled to a root lookup.
func (r *Runtime) constant(name string, v squirrel.Value) {
	r.vm.SetConst(name, v)
	r.vm.Root().NewSlot(r.vm.Str(name), v)
}

// deviceID is the configured device id, or a fixed one for local runs.
func (r *Runtime) deviceID() string {
	if r.cfg.DeviceID != "" {
		return r.cfg.DeviceID
	}
	return "0000000000000000"
}
