// Comparison operators on integers, floats and mixed numbers.
print((1 < 2) + " " + (2 < 1) + "\n")
//> true false
print((2 <= 2) + " " + (3 >= 4) + "\n")
//> true false
print((5 > 4) + "\n")
//> true
print((1 == 1.0) + "\n")
//> true
print((1 != 1.0) + "\n")
//> false
print((1 < 1.5) + "\n")
//> true
print((2.5 > 2) + "\n")
//> true
print((-1 < 0) + "\n")
//> true
---
// Equality between different non-numeric types is false, never an error.
print((null == false) + "\n")
//> false
print((0 == false) + "\n")
//> false
print(("1" == 1) + "\n")
//> false
print((null == null) + "\n")
//> true
print((true == true) + "\n")
//> true
---
// Objects compare equal only when they are the same object.
local a = [1]
local b = [1]
local c = a
print((a == b) + " " + (a == c) + "\n")
//> false true
local t = {}
print((t == {}) + " " + (t == t) + "\n")
//> false true
