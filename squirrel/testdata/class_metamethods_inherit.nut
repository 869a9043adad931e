// Metamethods defined in a base class work on derived instances.
class Num {
  v = 0
  constructor(x) { v = x }
  function _add(o) { return this.getclass()(v + o.v) }
  function _cmp(o) { return v <=> o.v }
}
class Money extends Num {
  function show() { return "$" + v }
}
local m = Money(5) + Money(7)
print(m.show() + " " + (m instanceof Money) + "\n")
//> $12 true
print((Money(1) < Money(2)) + "\n")
//> true
