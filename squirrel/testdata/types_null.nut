// null values.
local n = null
print(n + " " + typeof n + " " + (n == null) + "\n")
//> null null true
local u
print((u == null) + "\n")
//> true
---
// Missing arguments are not null-filled: defaults must be declared.
local f = function(a, b = null) { return b }
print(f(1) + "\n")
//> null
---
// Methods cannot be called on null.
local n = null
n.len() ### "the index 'len' does not exist"
