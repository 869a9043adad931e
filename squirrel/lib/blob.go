package lib

import (
	"drey/squirrel"
	"drey/squirrel/internal/blobbuf"
)

// A blob is user data holding a *blobbuf.Blob, with a delegate that
// holds its methods and the metamethods for indexing (b[i]), typeof
// ("blob"), cloning and foreach.

type blobData struct{ b *blobbuf.Blob }

// Size reports the bytes a blob holds, for the VM's memory accounting.
func (d *blobData) Size() int { return d.b.Cap() }

// NewBlob returns a Squirrel blob holding b.
func NewBlob(vm *squirrel.VM, b *blobbuf.Blob) squirrel.Value {
	return blobValue(template().blobDelegate, b)
}

// BlobBytes returns a new blob value holding a copy of p.
func BlobBytes(vm *squirrel.VM, p []byte) squirrel.Value {
	return NewBlob(vm, blobbuf.FromBytes(append([]byte(nil), p...)))
}

func blobValue(d *squirrel.Table, b *blobbuf.Blob) squirrel.Value {
	return squirrel.ObjectValue(squirrel.NewUserData(&blobData{b}, d, "blob"))
}

// BlobOf returns the buffer of a Squirrel blob, or nil if v is not one.
func BlobOf(v squirrel.Value) *blobbuf.Blob {
	if u := v.UserData(); u != nil {
		if d, ok := u.Data.(*blobData); ok {
			return d.b
		}
	}
	return nil
}

func openBlob(vm *squirrel.VM, d *squirrel.Table) {
	self := func(vm *squirrel.VM, a []squirrel.Value) (*blobbuf.Blob, error) {
		if b := BlobOf(a[0]); b != nil {
			return b, nil
		}
		return nil, vm.ArgError(0, a[0], "blob")
	}
	method := func(name string, n int, f func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error)) {
		fn(vm, d, name, n, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
			b, err := self(vm, a)
			if err != nil {
				return squirrel.Null, err
			}
			v, err := f(vm, b, a)
			if err != nil {
				if _, ok := err.(*squirrel.Error); !ok {
					err = vm.Errorf("%s", err.Error())
				}
			}
			return v, err
		})
	}
	method("len", 1, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		return squirrel.Int(int32(b.Len())), nil
	})
	method("tell", 1, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		return squirrel.Int(int32(b.Tell())), nil
	})
	method("eos", 1, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		if b.EOS() {
			return squirrel.Int(1), nil
		}
		return squirrel.Null, nil
	})
	method("flush", 1, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		return squirrel.Int(1), nil
	})
	method("seek", -2, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		off, err := vm.IntArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		origin := int32('b')
		if len(a) > 2 {
			if origin, err = vm.IntArg(a, 2); err != nil {
				return squirrel.Null, err
			}
		}
		r, err := b.Seek(int(off), int(origin))
		return squirrel.Int(int32(r)), err
	})
	method("resize", 2, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		n, err := vm.IntArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		if err := checkBlobSize(vm, int(n)); err != nil {
			return squirrel.Null, err
		}
		return squirrel.Null, b.Resize(int(n))
	})
	method("swap2", 1, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		b.Swap2()
		return squirrel.Null, nil
	})
	method("swap4", 1, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		b.Swap4()
		return squirrel.Null, nil
	})
	method("writen", 3, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		t, err := vm.IntArg(a, 2)
		if err != nil {
			return squirrel.Null, err
		}
		var n blobbuf.Num
		if i, ok := a[1].AsInt(); ok {
			n = blobbuf.IntNum(i)
		} else if f, ok := a[1].AsFloat(); ok {
			n = blobbuf.FloatNum(f)
		} else {
			return squirrel.Null, vm.ArgError(1, a[1], "integer|float")
		}
		return squirrel.Null, b.WriteN(n, int(t))
	})
	method("readn", 2, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		t, err := vm.IntArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		n, err := b.ReadN(int(t))
		if err != nil {
			return squirrel.Null, err
		}
		if n.IsFloat {
			return vm.FloatValue(n.Float), nil
		}
		return squirrel.Int(n.Int), nil
	})
	method("writestring", 2, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		s, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		return squirrel.Null, b.WriteString(s)
	})
	method("readstring", 2, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		n, err := vm.IntArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		s, err := b.ReadString(int(n))
		if err != nil {
			return squirrel.Null, err
		}
		return vm.Str(s), nil
	})
	method("writeblob", 2, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		src := BlobOf(a[1])
		if src == nil {
			return squirrel.Null, vm.ArgError(1, a[1], "blob")
		}
		return squirrel.Null, b.WriteBlob(src)
	})
	method("readblob", 2, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		n, err := vm.IntArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		r, err := b.ReadBlob(int(n))
		if err != nil {
			return squirrel.Null, err
		}
		return blobValue(d, r), nil
	})
	method("tostring", 1, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		return vm.Str(b.String()), nil
	})
	method("_get", 2, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		i, ok := a[1].AsInt()
		if !ok {
			return squirrel.Null, vm.Throw(squirrel.Null)
		}
		c, err := b.At(int(i))
		return squirrel.Int(int32(c)), err
	})
	method("_set", 3, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		i, ok := a[1].AsInt()
		if !ok {
			return squirrel.Null, vm.Throw(squirrel.Null)
		}
		v, err := vm.IntArg(a, 2)
		if err != nil {
			return squirrel.Null, err
		}
		return squirrel.Null, b.SetAt(int(i), v)
	})
	method("_typeof", 1, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		return vm.Str("blob"), nil
	})
	method("_nexti", 2, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		next := int32(0)
		if i, ok := a[1].AsInt(); ok {
			next = i + 1
		}
		if int(next) >= b.Len() {
			return squirrel.Null, nil
		}
		return squirrel.Int(next), nil
	})
	method("_cloned", 1, func(vm *squirrel.VM, b *blobbuf.Blob, a []squirrel.Value) (squirrel.Value, error) {
		return blobValue(d, b.Clone()), nil
	})
	fn(vm, vm.Root(), "blob", -1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		n := int32(0)
		if len(a) > 1 {
			var err error
			if n, err = vm.IntArg(a, 1); err != nil {
				return squirrel.Null, err
			}
		}
		if err := checkBlobSize(vm, int(n)); err != nil {
			return squirrel.Null, err
		}
		b, err := blobbuf.New(int(n))
		if err != nil {
			return squirrel.Null, vm.Errorf("%s", err.Error())
		}
		return blobValue(d, b), nil
	})
}

// checkBlobSize refuses a blob bigger than the VM's whole memory budget
// before allocating it.
func checkBlobSize(vm *squirrel.VM, n int) error {
	if lim := vm.Options().MemoryLimit; lim > 0 && n > lim {
		return vm.Errorf("out of memory")
	}
	return nil
}
