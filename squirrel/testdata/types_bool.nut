// Booleans.
local t = true
local f = false
print((t && f) + " " + (t || f) + " " + !t + "\n")
//> false true false
print((t == true) + " " + (t != f) + "\n")
//> true true
print(typeof (1 < 2) + "\n")
//> bool
---
// Booleans are not numbers: arithmetic with them is an error.
local r = true + 1 ### "arith op . on between 'bool' and 'integer'"
---
// But they convert explicitly.
print(true.tointeger() + false.tointeger() + (1 == 1).tointeger() + "\n")
//> 2
