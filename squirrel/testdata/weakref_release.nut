// When the last strong reference goes away, the weak reference becomes null
// at the next collection. (The reference frees the object at once, by
// reference counting; Drey clears weak references when it collects: see
// docs/squirrel.md.)
local t = { v = 1 }
local w = t.weakref()
t = null
collectgarbage()
print((w.ref() == null) + "\n")
//> true
---
// A table slot holding a weak reference reads as null once the target dies.
local holder = {}
local obj = []
holder.w <- obj.weakref()
obj = null
collectgarbage()
print((holder.w == null) + "\n")
//> true
---
// As long as another strong reference exists, the object stays alive.
local t = { v = 7 }
local other = t
local w = t.weakref()
t = null
collectgarbage()
print(w.ref().v + "\n")
//> 7
