// Constructors up a three-level hierarchy.
::order <- ""
class A {
  constructor() { ::order += "A" }
}
class B extends A {
  constructor() { base.constructor(); ::order += "B" }
}
class C extends B {
  constructor() { base.constructor(); ::order += "C" }
}
C()
print(::order + "\n")
//> ABC
---
// If the derived constructor does not call the base one, it does not run.
::ran <- false
class A { constructor() { ::ran = true } }
class B extends A { constructor() {} }
B()
print(::ran + "\n")
//> false
