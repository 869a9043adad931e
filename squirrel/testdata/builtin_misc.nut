// type(), callee(), array() and getroottable().
print(type(1.5) + " " + type(true) + " " + type({}) + "\n")
//> float bool table
---
local f = function() { return callee() }
print((f() == f) + "\n")
//> true
---
local a = array(4, "z")
local s = ""
foreach (v in a) s += v
print(s + " " + a.len() + "\n")
//> zzzz 4
---
local rt = getroottable()
rt.made_here <- 1
print(made_here + "\n")
//> 1
---
// The version globals of 3.0.4.
print(_versionnumber_ + "\n")
//> 304
print(typeof _version_ + "\n")
//> string
print(_intsize_ + "\n")
//> 4
