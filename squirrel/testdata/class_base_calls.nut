// base.method() calls the parent implementation.
class Shape {
  function name() { return "shape" }
}
class Circle extends Shape {
  function name() { return "circle<" + base.name() + ">" }
}
print(Circle().name() + "\n")
//> circle<shape>
---
// base.constructor() runs the parent constructor.
class Base {
  a = 0
  constructor(x) { a = x }
}
class Derived extends Base {
  b = 0
  constructor(x, y) {
    base.constructor(x)
    b = y
  }
}
local d = Derived(1, 2)
print(d.a + " " + d.b + "\n")
//> 1 2
---
// base calls go up one level at a time.
class A { function f() { return "A" } }
class B extends A { function f() { return "B" + base.f() } }
class C extends B { function f() { return "C" + base.f() } }
print(C().f() + "\n")
//> CBA
---
// 'this' in the base method is still the derived instance.
class P {
  function who() { return kind() }
  function kind() { return "P" }
}
class Q extends P {
  function kind() { return "Q" }
  function who() { return "via " + base.who() }
}
print(Q().who() + "\n")
//> via Q
