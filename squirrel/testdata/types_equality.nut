// == between values of various types.
local results = []
results.append(1 == 1)
results.append(1 == 1.0)
results.append("a" == "a")
results.append(null == null)
results.append(true == 1)
results.append("1" == 1)
results.append([] == [])
results.append({} == {})
local s = ""
foreach (r in results) s += r ? "T" : "F"
print(s + "\n")
//> TTTTFFFF
---
// Functions compare by identity.
local f = function() {}
local g = f
print((f == g) + " " + (f == function() {}) + "\n")
//> true false
---
// Classes and instances compare by identity.
class C {}
local a = C()
print((a == a) + " " + (a == C()) + " " + (C == C) + "\n")
//> true false true
