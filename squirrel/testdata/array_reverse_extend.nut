// reverse works in place.
local a = [1, 2, 3, 4]
a.reverse()
print(a[0] + "" + a[1] + a[2] + a[3] + "\n")
//> 4321
local b = [1, 2, 3]
b.reverse()
print(b[0] + "" + b[1] + b[2] + "\n")
//> 321
local e = []
e.reverse()
print(e.len() + "\n")
//> 0
---
// extend appends all elements of another array.
local a = [1, 2]
local b = [3, 4]
a.extend(b)
print(a.len() + " " + a[3] + " " + b.len() + "\n")
//> 4 4 2
a.extend([])
print(a.len() + "\n")
//> 4
---
// extend requires an array.
local a = [1]
a.extend(5) ### "parameter 1 has an invalid type 'integer' ; expected: 'array'"
