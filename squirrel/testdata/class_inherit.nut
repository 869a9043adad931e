// extends: derived classes inherit fields and methods and may override.
class Animal {
  name = "animal"
  function speak() { return "..." }
  function describe() { return name + " says " + speak() }
}
class Dog extends Animal {
  name = "dog"
  function speak() { return "woof" }
}
local d = Dog()
print(d.describe() + "\n")
//> dog says woof
print(Animal().describe() + "\n")
//> animal says ...
---
// Three levels.
class A { function who() { return "A" } function a() { return 1 } }
class B extends A { function who() { return "B" } function b() { return 2 } }
class C extends B { function c() { return 3 } }
local c = C()
print(c.who() + (c.a() + c.b() + c.c()) + "\n")
//> B6
---
// The base constructor is inherited when the derived class has none.
class Base {
  v = 0
  constructor(x) { v = x }
}
class Derived extends Base {}
print(Derived(7).v + "\n")
//> 7
---
// Inheriting from something that is not a class.
local notaclass = {}
class X extends notaclass {} ### "trying to inherit from a table"
