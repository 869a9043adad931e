// foreach over an array gives index and value in order.
local a = ["a", "b", "c"]
foreach (i, v in a) print(i + "=" + v + "\n")
//> 0=a
//> 1=b
//> 2=c
---
// With one variable, foreach gives the values.
local sum = 0
foreach (v in [1, 2, 3, 4]) sum += v
print(sum + "\n")
//> 10
---
// Nested arrays.
local m = [[1, 2], [3, 4]]
local s = ""
foreach (row in m) foreach (v in row) s += v
print(s + "\n")
//> 1234
---
// Modifying an element through the index during iteration.
local a = [1, 2, 3]
foreach (i, v in a) a[i] = v * v
print(a[0] + " " + a[1] + " " + a[2] + "\n")
//> 1 4 9
