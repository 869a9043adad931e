// clone of a table copies the slots (shallowly) and keeps the delegate.
local d = { hello = @() "hi" }
local t = { a = 1, inner = { x = 1 } }
t.setdelegate(d)
local c = clone t
c.a = 2
c.inner.x = 5
c.extra <- true
print(t.a + " " + c.a + " " + t.inner.x + " " + ("extra" in t) + "\n")
//> 1 2 5 false
print(c.hello() + " " + (c.getdelegate() == d) + "\n")
//> hi true
---
// Cloning an empty table.
local e = clone {}
print(e.len() + " " + typeof e + "\n")
//> 0 table
