// && and || return one of their operands.
print((1 && 2) + "\n")
//> 2
print((0 && 2) + "\n")
//> 0
print((null || "x") + "\n")
//> x
print(("a" || "b") + "\n")
//> a
print((false || 0) + "\n")
//> 0
print((null && 1) + "\n")
//> null
---
// Short circuit: the right side is not evaluated when not needed.
local calls = 0
local f = function() { calls++; return true }
local r1 = false && f()
local r2 = true || f()
print(calls + "\n")
//> 0
local r3 = true && f()
print(calls + " " + r3 + "\n")
//> 1 true
---
// Truthiness: null, false, 0 and 0.0 are false; everything else is true.
local vals = [null, false, 0, 0.0, "", [], {}, 1, -1, 0.5, "0"]
local out = ""
foreach (v in vals) out += (v ? "T" : "F")
print(out + "\n")
//> FFFFTTTTTTT
---
// && binds tighter than ||.
print((true || false && false) + "\n")
//> true
print((false && true || true) + "\n")
//> true
