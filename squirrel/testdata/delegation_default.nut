// Each type has a default delegate with built-in methods.
print([1, 2].len() + " " + "abc".len() + " " + { a = 1 }.len() + "\n")
//> 2 3 1
print((5).tofloat() + " " + (2.5).tointeger() + "\n")
//> 5 2
---
// A table's own slot shadows a default delegate method.
local t = { len = function() { return "own len" } }
print(t.len() + "\n")
//> own len
---
// A user delegate is consulted before the default delegate.
local t = {}
t.setdelegate({ len = @() "delegate len" })
print(t.len() + "\n")
//> delegate len
---
// Default delegate methods are found through a user delegate chain too.
local t = { a = 1, b = 2 }
t.setdelegate({})
print(t.len() + "\n")
//> 2
