// slice(start [, end]) with negative indexes counting from the end.
local a = [0, 1, 2, 3, 4]
local show = function(x) {
  local s = "["
  foreach (i, v in x) s += (i > 0 ? "," : "") + v
  return s + "]"
}
print(show(a.slice(1)) + "\n")
//> [1,2,3,4]
print(show(a.slice(1, 3)) + "\n")
//> [1,2]
print(show(a.slice(-2)) + "\n")
//> [3,4]
print(show(a.slice(1, -1)) + "\n")
//> [1,2,3]
print(show(a.slice(0, 0)) + "\n")
//> []
print(show(a.slice(5)) + "\n")
//> []
---
// slice returns a new array.
local a = [1, 2, 3]
local b = a.slice(0)
b[0] = 99
print(a[0] + " " + b[0] + "\n")
//> 1 99
---
local a = [1, 2, 3]
a.slice(2, 1) ### "wrong indexes"
---
local a = [1, 2, 3]
a.slice(0, 10) ### "slice out of range"
