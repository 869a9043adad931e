// typeof for every kind of value.
print(typeof null + "\n")
//> null
print(typeof 1 + "\n")
//> integer
print(typeof 1.5 + "\n")
//> float
print(typeof true + "\n")
//> bool
print(typeof "s" + "\n")
//> string
print(typeof {} + "\n")
//> table
print(typeof [] + "\n")
//> array
print(typeof function() {} + "\n")
//> function
print(typeof print + "\n")
//> function
class C {}
print(typeof C + "\n")
//> class
print(typeof C() + "\n")
//> instance
function g() { yield 1 }
print(typeof g() + "\n")
//> generator
local t = {}
print(typeof t.weakref() + "\n")
//> weakref
print(typeof (@(x) x) + "\n")
//> function
---
// type() gives the same names.
print(type(1) + " " + type("a") + " " + type([]) + " " + type(null) + "\n")
//> integer string array null
---
// typeof a class instance with _typeof uses the metamethod; type() does not.
class Vec {
  function _typeof() { return "Vec" }
}
local v = Vec()
print(typeof v + " " + type(v) + "\n")
//> Vec instance
