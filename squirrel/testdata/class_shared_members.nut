// A table or array default value is shared by all instances (it is not
// copied per instance).
class Bag {
  items = []
  meta = {}
}
local a = Bag()
local b = Bag()
a.items.append(1)
a.meta.k <- "v"
print(b.items.len() + " " + b.meta.k + "\n")
//> 1 v
print((a.items == b.items) + "\n")
//> true
---
// Initialising in the constructor gives each instance its own.
class Bag {
  items = null
  constructor() { items = [] }
}
local a = Bag()
local b = Bag()
a.items.append(1)
print(a.items.len() + " " + b.items.len() + "\n")
//> 1 0
---
// Replacing the field in one instance does not affect another.
class Bag { items = [] }
local a = Bag()
local b = Bag()
a.items = [9, 9]
print(a.items.len() + " " + b.items.len() + "\n")
//> 2 0
