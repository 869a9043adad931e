// Creating, reading, updating and deleting slots.
local t = {}
t.a <- 1
t["b"] <- 2
print(t.a + t.b + "\n")
//> 3
t.a = 10
print(t.a + "\n")
//> 10
print(t.len() + "\n")
//> 2
---
// delete removes the slot and yields its value.
local t = { a = 1, b = "bee" }
local v = delete t.b
print(v + " " + t.len() + "\n")
//> bee 1
print(("b" in t) + "\n")
//> false
---
// Deleting a missing slot is an error.
local t = { a = 1 }
delete t.zzz ### "the index 'zzz' does not exist"
---
// Reading a missing slot is an error.
local t = { a = 1 }
print(t.missing) ### "the index 'missing' does not exist"
---
// Assigning to a missing slot with = is an error.
local t = {}
t.newkey = 1 ### "the index 'newkey' does not exist"
---
// <- on an existing slot just updates it.
local t = { a = 1 }
t.a <- 2
print(t.a + " " + t.len() + "\n")
//> 2 1
---
// null cannot be a key.
local t = {}
t[null] <- 1 ### "null cannot be used as index"
