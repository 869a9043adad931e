// delete on things without slots.
local a = [1, 2]
delete a[0] ### "attempt to delete a slot from a array"
---
local s = "x"
delete s.len ### "attempt to delete a slot from a string"
---
// delete of a local variable is a compile error.
local t = {}
delete t ### "cannot delete an .outer. local"
---
// delete of an expression is a compile error.
delete (1 + 2) ### "can't delete an expression"
