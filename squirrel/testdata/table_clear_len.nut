// len() counts slots; clear() removes them all.
local t = { a = 1, b = 2, c = 3 }
print(t.len() + "\n")
//> 3
t.clear()
print(t.len() + "\n")
//> 0
print(("a" in t) + "\n")
//> false
t.d <- 4
print(t.len() + "\n")
//> 1
---
// An empty table.
local t = {}
print(t.len() + " " + typeof t + "\n")
//> 0 table
