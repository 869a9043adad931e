// Integer default delegate: tofloat, tointeger, tostring, tochar.
local i = 65
print(i.tochar() + "\n")
//> A
print(i.tostring() + "\n")
//> 65
print(typeof i.tostring() + "\n")
//> string
print(i.tofloat() + " " + typeof i.tofloat() + "\n")
//> 65 float
print(i.tointeger() + "\n")
//> 65
print((97).tochar() + (98).tochar() + "\n")
//> ab
---
// Float default delegate.
local f = 3.75
print(f.tointeger() + "\n")
//> 3
print(f.tostring() + "\n")
//> 3.75
print((-0.5).tointeger() + "\n")
//> 0
print((2.0).tostring() + "\n")
//> 2
print((72.9).tochar() + "\n")
//> H
---
// Bool values share the number delegate.
print(true.tointeger() + " " + false.tointeger() + "\n")
//> 1 0
print(true.tofloat() + "\n")
//> 1
print(typeof true.tofloat() + "\n")
//> float
print(true.tostring() + " " + false.tostring() + "\n")
//> true false
---
// Methods on literals need parentheses around numbers.
print((10).tostring().len() + "\n")
//> 2
