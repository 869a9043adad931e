// A class with fields, a constructor and methods.
class Point {
  x = 0
  y = 0
  constructor(px, py) {
    x = px
    y = py
  }
  function sum() { return x + y }
  function scaled(k) { return Point(x * k, y * k) }
}
local p = Point(2, 3)
print(p.x + " " + p.y + " " + p.sum() + "\n")
//> 2 3 5
local q = p.scaled(10)
print(q.sum() + " " + p.sum() + "\n")
//> 50 5
---
// Fields keep their default values when the constructor does not set them.
class Box {
  w = 1
  h = 2
  label = "box"
}
local b = Box()
print(b.w + " " + b.h + " " + b.label + "\n")
//> 1 2 box
b.w = 10
print(b.w + " " + Box().w + "\n")
//> 10 1
---
// Methods reach fields through 'this' explicitly too.
class Counter {
  n = 0
  function inc() { this.n++; return this }
}
local c = Counter()
c.inc().inc().inc()
print(c.n + "\n")
//> 3
---
// A class without a constructor ignores constructor arguments.
class Empty {}
local e = Empty(1, 2, 3)
print(typeof e + "\n")
//> instance
