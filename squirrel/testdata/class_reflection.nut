// getclass, getbase and instance().
class A { x = 1 }
class B extends A { y = 2 }
local b = B()
print((b.getclass() == B) + "\n")
//> true
print((B.getbase() == A) + "\n")
//> true
print(A.getbase() + "\n")
//> null
---
// instance() creates an instance without calling the constructor.
class K {
  v = "default"
  constructor() { v = "constructed" }
}
local i = K.instance()
print(typeof i + " " + i.v + "\n")
//> instance default
print(K().v + "\n")
//> constructed
---
// Classes are values: they can be stored and called later.
class One { function id() { return 1 } }
class Two { function id() { return 2 } }
local classes = [One, Two]
local s = 0
foreach (cls in classes) s += cls().id()
print(s + "\n")
//> 3
---
// Class expressions.
local Anon = class { function hi() { return "anon" } }
print(Anon().hi() + "\n")
//> anon
---
// Reading class members through the class.
class D { field = "f"; function m() { return "m" } }
print(D.field + " " + D.m() + "\n")
//> f m
print(D.rawin("field") + " " + D.rawin("other") + "\n")
//> true false
print(D.rawget("field") + "\n")
//> f
