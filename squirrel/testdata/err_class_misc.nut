// Instances do not accept new slots, even through setattributes-like means.
class C {}
local c = C()
c.rawset("x", 1) ### "the index 'x' does not exist"
---
// Calling a method on the class that uses fields of an instance fails when
// the field is missing in 'this'.
class C {
  function get() { return missing_field }
}
C().get() ### "the index 'missing_field' does not exist"
---
// The class statement needs a name that is not a local.
local K = null
class K {} ### "cannot create a class in a local"
---
// Classes have no 'in'-style deletion.
class C { a = 1 }
delete C.a ### "attempt to delete a slot from a class"
