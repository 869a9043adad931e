// _tostring on a class hierarchy: derived classes inherit it.
class Named {
  name = "?"
  constructor(n) { name = n }
  function _tostring() { return "<" + name + ">" }
}
class Special extends Named {}
print(Named("a") + " " + Special("b") + "\n")
//> <a> <b>
---
// Overriding _tostring in a subclass.
class A { function _tostring() { return "A" } }
class B extends A { function _tostring() { return "B:" + base._tostring() } }
print(B().tostring() + "\n")
//> B:A
