// _inherited is called on the base class's metamethod when a class extends
// it; 'this' is the new class and the argument is its attribute table.
::log <- []
class Base {
  function _inherited(attrs) { ::log.append(attrs == null ? "none" : attrs.tag) }
}
class A extends Base {}
class B extends Base </ tag = "tagged" /> {}
print(::log.len() + " " + ::log[0] + " " + ::log[1] + "\n")
//> 2 none tagged
---
// The new class can be modified from _inherited.
class Base {
  function _inherited(attrs) { this.registered <- true }
}
class Child extends Base {}
print(Child.registered + "\n")
//> true
