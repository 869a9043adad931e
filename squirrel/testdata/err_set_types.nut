// Only tables, arrays, instances (and classes with <-) can have slots set.
local n = 5
n.x = 1 ### "trying to set 'integer'"
---
local s = "abc"
s.len = 1 ### "trying to set 'string'"
---
local f = function() {}
f.x = 1 ### "trying to set 'function'"
---
class C { x = 1 }
C.x = 2 ### "trying to set 'class'"
---
local n = null
n.x <- 1 ### "indexing null with string"
