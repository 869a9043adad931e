// Constructor parameters follow the usual rules.
class A {
  v = null
  constructor(a, b = "dflt") { v = a + "," + b }
}
print(A(1).v + " " + A(1, 2).v + "\n")
//> 1,dflt 1,2
---
class A {
  constructor(a) {}
}
A() ### "wrong number of parameters"
---
// The constructor's return value is ignored; the instance is returned.
class R {
  constructor() { return 42 }
}
print(typeof R() + "\n")
//> instance
---
// A varargs constructor.
class V {
  n = 0
  constructor(...) { n = vargv.len() }
}
print(V().n + " " + V(1, 2, 3).n + "\n")
//> 0 3
---
// Errors thrown in the constructor propagate.
class Bad {
  constructor() { throw "nope" }
}
try {
  Bad()
} catch (e) {
  print(e + "\n")
}
//> nope
