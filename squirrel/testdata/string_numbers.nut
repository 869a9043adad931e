// Parsing numbers from strings.
print("0x10".tointeger() + "\n")
//> 0
print("  42".tointeger() + "\n")
//> 42
print("007".tointeger() + "\n")
//> 7
print("-0.5".tofloat() + "\n")
//> -0.5
print("5".tofloat() + 0.5 + "\n")
//> 5.5
print(typeof "5".tointeger() + "\n")
//> integer
---
// Numbers to strings and back.
local n = 1234
local s = n.tostring()
print((s.tointeger() == n) + " " + s.len() + "\n")
//> true 4
local f = 0.125
print(f.tostring() + " " + (f.tostring().tofloat() == f) + "\n")
//> 0.125 true
