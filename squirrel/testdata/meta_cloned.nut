// _cloned on a table delegate runs after the copy is made.
local log = []
local proto = { _cloned = function(orig) { log.append("cloned " + orig.id); this.id = orig.id + 1 } }
local a = { id = 1 }
a.setdelegate(proto)
local b = clone a
print(log.len() + " " + log[0] + " " + b.id + " " + a.id + "\n")
//> 1 cloned 1 2 1
print((b.getdelegate() == proto) + "\n")
//> true
---
// clone of a table is shallow.
local t = { list = [1], n = 1 }
local c = clone t
c.n = 2
c.list.append(2)
print(t.n + " " + t.list.len() + "\n")
//> 1 2
---
// Values that cannot be cloned.
local n = 5
local c = clone n ### "cloning a integer"
