// getclass() returns the class, which can be called to make a sibling.
class Thing {
  id = 0
  constructor(i) { id = i }
  function sibling() { return this.getclass()(id + 1) }
}
local a = Thing(1)
local b = a.sibling()
print(b.id + " " + (b.getclass() == Thing) + "\n")
//> 2 true
---
// getclass on a derived instance returns the derived class.
class P {}
class Q extends P {}
print((Q().getclass() == Q) + " " + (Q().getclass() == P) + "\n")
//> true false
