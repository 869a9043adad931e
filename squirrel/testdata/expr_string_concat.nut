// + with a string operand concatenates.
print("a" + 1 + "\n")
//> a1
print(1 + "a" + "\n")
//> 1a
print("x" + 1.5 + "\n")
//> x1.5
print("x" + 2.0 + "\n")
//> x2
print("v=" + null + "\n")
//> v=null
print("b=" + true + "\n")
//> b=true
print("" + false + "\n")
//> false
---
// Arithmetic happens left to right before the string joins in.
print(1 + 2 + "3" + "\n")
//> 33
print("1" + 2 + 3 + "\n")
//> 123
print("1" + (2 + 3) + "\n")
//> 15
---
// Concatenation creates new strings; the originals are unchanged.
local a = "foo"
local b = a + "bar"
print(a + " " + b + "\n")
//> foo foobar
---
// Instances with _tostring are converted through it.
class P {
  function _tostring() { return "P!" }
}
print("got " + P() + "\n")
//> got P!
