// resize grows with null (or a fill value) and shrinks by truncating.
local a = [1, 2]
a.resize(4)
print(a.len() + " " + a[3] + "\n")
//> 4 null
a.resize(6, "f")
print(a.len() + " " + a[4] + a[5] + " " + a[3] + "\n")
//> 6 ff null
a.resize(1)
print(a.len() + " " + a[0] + "\n")
//> 1 1
---
// clear empties the array.
local a = [1, 2, 3]
a.clear()
print(a.len() + "\n")
//> 0
---
// array(n) and array(n, fill).
local a = array(3)
print(a.len() + " " + a[0] + "\n")
//> 3 null
local b = array(2, 7)
print(b[0] + b[1] + "\n")
//> 14
local c = array(0)
print(c.len() + "\n")
//> 0
---
// The fill value is shared, not copied.
local a = array(2, [])
a[0].append(1)
print(a[1].len() + "\n")
//> 1
