// _delslot intercepts delete.
class Guard {
  deleted = null
  constructor() { deleted = [] }
  function _delslot(k) { deleted.append(k); return "gone:" + k }
}
local g = Guard()
local r = delete g.foo
print(r + " " + g.deleted.len() + "\n")
//> gone:foo 1
---
// On a table delegate.
local t = { a = 1 }
local seen = ""
t.setdelegate({ _delslot = function(k) { seen = k } })
delete t.a
print(seen + " " + t.rawin("a") + "\n")
//> a true
