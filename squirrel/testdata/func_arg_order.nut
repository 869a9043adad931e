// Arguments are evaluated left to right.
local log = ""
local note = function(x) { log += x; return x }
local f = function(a, b, c) { return a + b + c }
print(f(note("a"), note("b"), note("c")) + " " + log + "\n")
//> abc abc
---
// The callee is evaluated before the arguments.
local log = ""
local pick = function() { log += "F"; return @(x) x }
pick()(log += "A")
print(log + "\n")
//> FA
---
// Parameters are local copies of the argument values.
local change = function(x) { x = 100; return x }
local v = 1
change(v)
print(v + "\n")
//> 1
---
// Objects are passed by reference.
local fill = function(arr) { arr.append(1) }
local a = []
fill(a)
fill(a)
print(a.len() + "\n")
//> 2
