// weakref() makes a weak reference; ref() returns the object.
local t = { v = 1 }
local w = t.weakref()
print(typeof w + "\n")
//> weakref
print((w.ref() == t) + " " + w.ref().v + "\n")
//> true 1
---
// Weak references to arrays, instances and functions.
class C { x = 3 }
local c = C()
local a = [1, 2]
local f = function() { return "f" }
print(c.weakref().ref().x + " " + a.weakref().ref().len() + " " + f.weakref().ref()() + "\n")
//> 3 2 f
---
// Values that are not reference counted are returned as they are.
local n = (5).weakref()
print(typeof n + " " + n + "\n")
//> integer 5
local b = true.weakref()
print(typeof b + "\n")
//> bool
---
// A weak reference stored in a table slot reads as the object itself.
local target = { name = "target" }
local holder = {}
holder.w <- target.weakref()
print(typeof holder.w + " " + holder.w.name + "\n")
//> table target
---
// The same weak reference is returned for the same object.
local t = {}
print((t.weakref() == t.weakref()) + "\n")
//> true
