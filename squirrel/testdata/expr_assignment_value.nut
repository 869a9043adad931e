// An assignment is an expression whose value is the assigned value.
local a = 0
local b = (a = 7)
print(a + " " + b + "\n")
//> 7 7
---
// Slot assignment and <- also yield the value.
local t = {}
local v = (t.x <- 5)
local w = (t.x = 6)
print(v + " " + w + " " + t.x + "\n")
//> 5 6 6
---
// Assignment inside a condition.
local n = 0
local arr = [1, 2, 3]
local last = null
while ((n = arr.len()) > 0) last = arr.pop()
print(n + " " + last + "\n")
//> 0 1
