package lib

import (
	"time"

	"drey/squirrel"
)

func openSystem(vm *squirrel.VM) {
	root := vm.Root()
	fn(vm, root, "time", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		return squirrel.Int(int32(now(vm).Unix())), nil
	})
	fn(vm, root, "clock", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		return vm.FloatValue(vm.Uptime().Seconds()), nil
	})
	fn(vm, root, "date", -1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		t := now(vm)
		if len(a) > 1 {
			n, err := vm.IntArg(a, 1)
			if err != nil {
				return squirrel.Null, err
			}
			t = time.Unix(int64(n), 0)
		}
		t = t.UTC()
		if len(a) > 2 {
			f, err := vm.StringArg(a, 2)
			if err != nil {
				return squirrel.Null, err
			}
			if f == "l" {
				t = t.Local()
			}
		}
		d := vm.NewTable(10)
		set := func(k string, v int) { d.NewSlot(vm.Str(k), squirrel.Int(int32(v))) }
		set("sec", t.Second())
		set("min", t.Minute())
		set("hour", t.Hour())
		set("day", t.Day())
		set("month", int(t.Month())-1)
		set("year", t.Year())
		set("wday", int(t.Weekday()))
		set("yday", t.YearDay()-1)
		set("usec", t.Nanosecond()/1000)
		set("time", int(t.Unix()))
		return squirrel.TableValue(d), nil
	})
}

// now is the VM's clock: Options.Now, or the real time.
func now(vm *squirrel.VM) time.Time {
	if f := vm.Options().Now; f != nil {
		return f()
	}
	return time.Now()
}
