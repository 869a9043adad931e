// insert(idx, val) shifts elements right; remove(idx) returns the element.
local a = [1, 2, 3]
a.insert(0, 0)
a.insert(4, 4)
a.insert(2, "x")
local s = ""
foreach (v in a) s += v + " "
print(s + "|\n")
//> 0 1 x 2 3 4 |
print(a.remove(2) + " " + a.len() + "\n")
//> x 5
print(a.remove(0) + " " + a[0] + "\n")
//> 0 1
---
local a = [1, 2]
a.insert(5, 0) ### "index out of range"
---
local a = [1, 2]
a.remove(2) ### "idx out of range"
---
local a = []
try { a.remove(0) } catch (e) { print(e + "\n") }
//> idx out of range
