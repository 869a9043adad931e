// 'in' tests whether a key exists.
local t = { a = 1, b = null }
print(("a" in t) + "\n")
//> true
print(("b" in t) + "\n")
//> true
print(("c" in t) + "\n")
//> false
---
// 'in' works on arrays (index) and instances (member names).
local a = [10, 20, 30]
print((0 in a) + " " + (2 in a) + " " + (3 in a) + "\n")
//> true true false
print((10 in a) + "\n")
//> false
class C { x = 1; function m() {} }
local c = C()
print(("x" in c) + " " + ("m" in c) + " " + ("y" in c) + "\n")
//> true true false
---
// 'in' does not look into the delegate.
local proto = { inherited = 1 }
local t = { own = 2 }
t.setdelegate(proto)
print(("own" in t) + " " + ("inherited" in t) + "\n")
//> true false
print(t.inherited + "\n")
//> 1
