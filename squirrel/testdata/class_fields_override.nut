// A derived class can redefine the default value of a base field.
class Base {
  size = 1
  function getSize() { return size }
}
class Big extends Base {
  size = 100
}
print(Base().getSize() + " " + Big().getSize() + "\n")
//> 1 100
---
// Derived classes add their own fields next to the inherited ones.
class A { a = "a" }
class B extends A { b = "b" }
local x = B()
print(x.a + x.b + " " + x.rawin("a") + "\n")
//> ab true
---
// Replacing a method in a derived class does not change the base class.
class A { function f() { return "A.f" } }
class B extends A { function f() { return "B.f" } }
print(A().f() + " " + B().f() + "\n")
//> A.f B.f
