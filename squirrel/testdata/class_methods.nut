// A method fetched from an instance is a plain function: 'this' is given
// by how it is called.
class C {
  v = "inst"
  function get() { return this.v }
}
local c = C()
local m = c.get
print(m.call(c) + "\n")
//> inst
print(m.call({ v = "table" }) + "\n")
//> table
---
// Methods can call each other without 'this.'.
class Calc {
  function double(x) { return x * 2 }
  function quad(x) { return double(double(x)) }
}
print(Calc().quad(3) + "\n")
//> 12
---
// Methods defined later in the class body are visible to earlier ones.
class Order {
  function first() { return second() + 1 }
  function second() { return 10 }
}
print(Order().first() + "\n")
//> 11
---
// A method can return a closure that keeps using 'this' via a local.
class Acc {
  total = 0
  function adder() {
    local self = this
    return function(n) { self.total += n; return self.total }
  }
}
local a = Acc()
local add = a.adder()
add(5)
print(add(7) + " " + a.total + "\n")
//> 12 12
