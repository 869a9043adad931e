// _set is called when assigning to a missing key of an instance.
class Rec {
  log = null
  constructor() { log = [] }
  function _set(key, value) { log.append(key + "=" + value) }
}
local r = Rec()
r.a = 1
r.b = "two"
print(r.log.len() + " " + r.log[0] + " " + r.log[1] + "\n")
//> 2 a=1 b=two
---
// Existing fields are assigned directly.
class Rec {
  x = 0
  calls = 0
  function _set(key, value) { calls++ }
}
local r = Rec()
r.x = 5
print(r.x + " " + r.calls + "\n")
//> 5 0
---
// _set on a table delegate.
local store = {}
local t = {}
t.setdelegate({ _set = function(k, v) { store[k] <- v * 2 } })
t.q = 21
print(store.q + " " + t.rawin("q") + "\n")
//> 42 false
---
// Throwing from _set propagates.
class RO {
  function _set(k, v) { throw "read only" }
}
RO().x = 1 ### "read only"
