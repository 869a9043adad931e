// Identifiers: letters, digits and underscores, case sensitive.
local _a = 1
local a_1 = 2
local A = 3
local a = 4
print(_a + a_1 + A + a + "\n")
//> 10
---
// Keywords cannot be used as local names.
local while = 1 ### "expected 'IDENTIFIER'"
---
// But they can be table keys when quoted or computed.
local t = { ["while"] = 1, "for": 2 }
print(t["while"] + t["for"] + "\n")
//> 3
---
// 'constructor' is accepted where an identifier is expected.
local t = {}
t.constructor <- 5
print(t.constructor + "\n")
//> 5
