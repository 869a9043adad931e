// Things that cannot be iterated.
local f = function() {}
foreach (x in f) {} ### "cannot iterate function"
---
foreach (x in 1.5) {} ### "cannot iterate float"
---
foreach (x in true) {} ### "cannot iterate bool"
---
// Modifying a table while iterating is allowed for existing keys.
local t = { a = 1, b = 2 }
foreach (k, v in t) t[k] = v * 10
print(t.a + t.b + "\n")
//> 30
