// Chained member access and calls.
local t = { a = { b = { c = function() { return { d = [10, 20, 30] } } } } }
print(t.a.b.c().d[1] + "\n")
//> 20
print(t["a"]["b"].c()["d"].len() + "\n")
//> 3
---
// Calling the result of a call.
local f = function() { return function() { return function() { return "deep" } } }
print(f()()() + "\n")
//> deep
---
// Method calls on literals.
print("a,b".find(",") + " " + [3, 1, 2].len() + "\n")
//> 1 3
