// A proxy forwarding reads and writes to a backing table.
class Proxy {
  target = null
  reads = 0
  constructor(t) { target = t }
  function _get(k) {
    reads++
    if (k in target) return target[k]
    throw null
  }
  function _set(k, v) { target[k] <- v }
}
local backing = { a = 1 }
local p = Proxy(backing)
p.b = 2
print(p.a + " " + p.b + " " + backing.b + " " + p.reads + "\n")
//> 1 2 2 2
print(p.c) ### "the index 'c' does not exist"
---
// Validation in _set.
class Typed {
  data = null
  constructor() { data = {} }
  function _set(k, v) {
    if (typeof v != "integer") throw "only integers for " + k
    data[k] <- v
  }
  function _get(k) { return data[k] }
}
local t = Typed()
t.n = 5
print(t.n + "\n")
//> 5
t.s = "x" ### "only integers for s"
