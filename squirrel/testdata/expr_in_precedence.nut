// In Squirrel 3.0.4 'in' binds less tightly than comparisons and bitwise
// operators, but more tightly than &&.
local t = { a = 1 }
print(("a" in t) + "\n")
//> true
print(("a" in t == true) + "\n")
//> false
print((("a" in t) == true) + "\n")
//> true
---
// 'x in a | b' is 'x in (a | b)'.
local arr = [0, 0, 0, 0]
local n = 3
print((n in arr) + "\n")
//> true
local idx = 1
print((idx in 2 | 4) + "\n")
//> false
---
// && still combines two 'in' tests as expected.
local t = { a = 1, b = 2 }
print(("a" in t && "b" in t) + "\n")
//> true
print(("a" in t && "c" in t) + "\n")
//> false
---
// instanceof has the same low precedence: here the right operand is
// 'C == true', which is not a class.
class C {}
local c = C()
print((c instanceof C) + "\n")
//> true
print(c instanceof C == true) ### "cannot apply instanceof"
