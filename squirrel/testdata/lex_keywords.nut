// Keywords can be used as member names after a dot.
local t = {}
t["in"] <- 1
t["local"] <- 2
print(t["in"] + t["local"] + "\n")
//> 3
---
// true, false and null are literals.
print((true != false) + " " + (null == null) + "\n")
//> true true
---
// 'this' at top level is the root table.
print((this == getroottable()) + "\n")
//> true
---
// A keyword cannot be a function name.
function return() {} ### "expected 'IDENTIFIER'"
