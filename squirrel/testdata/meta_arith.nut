// _add, _sub, _mul, _div and _modulo on instances.
class V {
  x = 0
  constructor(v) { x = v }
  function _add(o) { return V(x + o.x) }
  function _sub(o) { return V(x - o.x) }
  function _mul(o) { return V(x * (typeof o == "integer" ? o : o.x)) }
  function _div(o) { return V(x / o) }
  function _modulo(o) { return V(x % o) }
}
local a = V(7)
local b = V(3)
print((a + b).x + " " + (a - b).x + " " + (a * b).x + " " + (a * 2).x + "\n")
//> 10 4 21 14
print((a / 2).x + " " + (a % 4).x + "\n")
//> 3 3
---
// Compound assignment uses the same metamethods.
class N {
  v = 0
  constructor(x) { v = x }
  function _add(o) { return N(v + o) }
}
local n = N(1)
n += 5
print(n.v + "\n")
//> 6
---
// On tables through the delegate.
local num = { _add = function(o) { return this.val + o.val } }
local a = { val = 2 }
local b = { val = 40 }
a.setdelegate(num)
print((a + b) + "\n")
//> 42
---
// Without a metamethod arithmetic on objects is an error.
local t = {}
print(t + 1) ### "arith op . on between 'table' and 'integer'"
---
class Plain {}
Plain() * 2 ### "arith op . on between 'instance' and 'integer'"
