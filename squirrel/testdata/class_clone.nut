// Cloning an instance copies its fields (shallowly).
class P {
  x = 0
  list = null
  constructor(v) { x = v; list = [v] }
}
local a = P(1)
local b = clone a
b.x = 2
b.list.append(3)
print(a.x + " " + b.x + "\n")
//> 1 2
print(a.list.len() + " " + (a.list == b.list) + "\n")
//> 2 true
print((b instanceof P) + " " + (a == b) + "\n")
//> true false
---
// _cloned is called on the new instance with the original.
class Q {
  id = 0
  copies = 0
  function _cloned(orig) {
    id = orig.id + 100
    orig.copies++
  }
}
local q = Q()
q.id = 1
local r = clone q
print(r.id + " " + q.copies + "\n")
//> 101 1
