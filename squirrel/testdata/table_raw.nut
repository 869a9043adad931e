// rawget, rawset, rawin and rawdelete bypass delegates.
local d = { fromdelegate = "d" }
local t = { own = "o" }
t.setdelegate(d)
print(t.fromdelegate + "\n")
//> d
print(t.rawin("fromdelegate") + " " + t.rawin("own") + "\n")
//> false true
print(t.rawget("own") + "\n")
//> o
---
// rawset creates slots.
local t = {}
t.rawset("k", 5)
print(t.k + " " + t.len() + "\n")
//> 5 1
---
// rawdelete removes a slot and returns its value; a missing key gives null.
local t = { a = 1, b = 2 }
print(t.rawdelete("a") + "\n")
//> 1
print(t.len() + "\n")
//> 1
print(t.rawdelete("zz") + "\n")
//> null
---
// rawget of a missing key is an error.
local t = {}
t.rawget("nothere") ### "the index doesn't exist"
