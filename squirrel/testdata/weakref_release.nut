// When the last strong reference goes away, the weak reference becomes null.
local t = { v = 1 }
local w = t.weakref()
t = null
print((w.ref() == null) + "\n")
//> true
---
// A table slot holding a weak reference reads as null once the target dies.
local holder = {}
local obj = []
holder.w <- obj.weakref()
obj = null
print((holder.w == null) + "\n")
//> true
---
// As long as another strong reference exists, the object stays alive.
local t = { v = 7 }
local other = t
local w = t.weakref()
t = null
print(w.ref().v + "\n")
//> 7
