// _cmp implements <, >, <=, >= and <=> between instances.
class Ver {
  n = 0
  constructor(x) { n = x }
  function _cmp(o) { return n - o.n }
}
local a = Ver(1)
local b = Ver(2)
print((a < b) + " " + (a > b) + " " + (a <= Ver(1)) + " " + (b >= a) + "\n")
//> true false true true
print(((a <=> b) < 0) + "\n")
//> true
---
// Sorting uses _cmp.
class Ver {
  n = 0
  constructor(x) { n = x }
  function _cmp(o) { return n <=> o.n }
}
local list = [Ver(3), Ver(1), Ver(2)]
list.sort()
print(list[0].n + "" + list[1].n + list[2].n + "\n")
//> 123
---
// == does not use _cmp: it compares identity.
class Ver {
  function _cmp(o) { return 0 }
}
local a = Ver()
local b = Ver()
print((a == b) + " " + (a <= b) + "\n")
//> false true
---
// _cmp must return an integer.
class Bad {
  function _cmp(o) { return "x" }
}
local r = Bad() < Bad() ### "_cmp must return an integer"
---
// On tables through the delegate.
local d = { _cmp = function(o) { return this.k - o.k } }
local x = { k = 5 }
local y = { k = 9 }
x.setdelegate(d)
print((x < y) + "\n")
//> true
