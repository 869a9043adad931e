// instanceof checks the class chain.
class A {}
class B extends A {}
class C {}
local b = B()
print((b instanceof B) + " " + (b instanceof A) + " " + (b instanceof C) + "\n")
//> true true false
print((A() instanceof B) + "\n")
//> false
---
// Non-instances on the left give false.
class A {}
print((1 instanceof A) + " " + ({} instanceof A) + " " + (A instanceof A) + "\n")
//> false false false
---
// The right operand must be a class.
local t = {}
local r = t instanceof t ### "cannot apply instanceof between a table and a table"
