// A function called as a method of an instance gets the instance as 'this'.
class C {
  tag = "inst"
  function show() { return tag }
}
local c = C()
print(c.show() + "\n")
//> inst
---
// Nested plain calls inside a method keep the method's 'this'.
class D {
  tag = "D"
  function outer() {
    local helper = function() { return this.tag }
    return helper()
  }
}
print(D().outer() + "\n")
//> D
---
// A function taken from a table and called plainly gets the caller's 'this'.
::tag <- "root"
local t = { tag = "table", f = function() { return this.tag } }
local g = t.f
print(t.f() + " " + g() + "\n")
//> table root
