// A weak reference to an instance can be used to call its methods.
class Obj {
  n = 7
  function get() { return n }
}
local o = Obj()
local w = o.weakref()
print(w.ref().get() + "\n")
//> 7
---
// tostring of a weak reference starts with its type.
local t = {}
local w = t.weakref()
print(w.tostring().slice(0, 8) + "\n")
//> (weakref
