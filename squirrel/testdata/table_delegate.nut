// A delegate supplies missing slots, including functions.
local proto = {
  greet = function() { return "hi " + this.name }
  kind = "person"
}
local t = { name = "ann" }
t.setdelegate(proto)
print(t.greet() + " " + t.kind + "\n")
//> hi ann person
---
// getdelegate returns the delegate, or null.
local d = {}
local t = {}
print(t.getdelegate() + "\n")
//> null
t.setdelegate(d)
print((t.getdelegate() == d) + "\n")
//> true
t.setdelegate(null)
print(t.getdelegate() + "\n")
//> null
---
// setdelegate returns the table itself.
local d = { x = 1 }
local t = {}
local r = t.setdelegate(d)
print((r == t) + " " + r.x + "\n")
//> true 1
---
// Assigning an existing delegate slot through the table writes the delegate.
local d = { shared = 1 }
local t = {}
t.setdelegate(d)
t.shared = 5
print(d.shared + " " + t.rawin("shared") + "\n")
//> 5 false
---
// <- always creates the slot in the table itself.
local d = { shared = 1 }
local t = {}
t.setdelegate(d)
t.shared <- 9
print(d.shared + " " + t.shared + "\n")
//> 1 9
---
// Delegates chain.
local a = { fromA = "A" }
local b = { fromB = "B" }
b.setdelegate(a)
local c = {}
c.setdelegate(b)
print(c.fromA + c.fromB + "\n")
//> AB
---
// Delegation cycles are refused.
local a = {}
local b = {}
a.setdelegate(b)
b.setdelegate(a) ### "delagate cycle"
