// Strings built by repeated concatenation share storage inside the VM;
// each one must still keep its own value.
local head = ""
for (local i = 0; i < 70; i++) head += "x"
local b = head + "1"
local c = head + "2"
local d = b + "3"
local e = b + "4"
print(b.slice(68) + " " + c.slice(68) + " " + d.slice(68) + " " + e.slice(68) + "\n")
//> xx1 xx2 xx13 xx14
print(head.len() + " " + b.len() + " " + d.len() + "\n")
//> 70 71 72
---
// A long string built in a loop has the right length and content.
local s = ""
for (local i = 0; i < 1000; i++) s += (i % 10)
print(s.len() + " " + s.slice(0, 12) + " " + s.slice(-3) + "\n")
//> 1000 012345678901 789
local t = {}
t[s] <- 1
print((s in t) + " " + ((s + "") in t) + "\n")
//> true true
