// Instances cannot get new slots.
class C { a = 1 }
local c = C()
c.b <- 2 ### "class instances do not support the new slot operator"
---
// Assigning an undeclared member is an error.
class C { a = 1 }
local c = C()
c.b = 2 ### "the index 'b' does not exist"
---
// Reading an undeclared member is an error.
class C { a = 1 }
local c = C()
print(c.nope) ### "the index 'nope' does not exist"
---
// rawin, rawget and rawset on instances.
class C { a = 1; function m() {} }
local c = C()
print(c.rawin("a") + " " + c.rawin("m") + " " + c.rawin("z") + "\n")
//> true true false
print(c.rawget("a") + "\n")
//> 1
c.rawset("a", 5)
print(c.a + "\n")
//> 5
---
// Members cannot be deleted from instances.
class C { a = 1 }
local c = C()
delete c.a ### "cannot delete a slot from instance"
