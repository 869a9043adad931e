// Array literals, indexing, len and typeof.
local a = [1, "two", 3.5, null, [5]]
print(a.len() + " " + typeof a + "\n")
//> 5 array
print(a[0] + " " + a[1] + " " + a[2] + " " + a[3] + " " + a[4][0] + "\n")
//> 1 two 3.5 null 5
---
// Elements may be separated by newlines or spaces.
local a = [
  1
  2
  3
]
local b = [4 5 6]
print(a.len() + b.len() + " " + b[2] + "\n")
//> 6 6
---
// Assigning elements.
local a = [0, 0, 0]
a[1] = 7
a[2] = a[1] * 2
print(a[0] + "," + a[1] + "," + a[2] + "\n")
//> 0,7,14
---
// A float index is truncated.
local a = [10, 20, 30]
print(a[1.7] + "\n")
//> 20
---
// Empty array.
local a = []
print(a.len() + "\n")
//> 0
