// return with no value gives null; returning several values uses a table or array.
function nothing() { return }
print(nothing() + "\n")
//> null
function pair() { return [1, "b"] }
local p = pair()
print(p[0] + p[1] + "\n")
//> 1b
function rec() { return { x = 1, y = 2 } }
print(rec().x + rec().y + "\n")
//> 3
---
// return ends loops immediately.
function firstEven(arr) {
  foreach (v in arr) if (v % 2 == 0) return v
  return null
}
print(firstEven([1, 3, 6, 8]) + " " + firstEven([1, 3]) + "\n")
//> 6 null
---
// A return value can be a function.
function maker() { return function() { return "made" } }
print(maker()() + "\n")
//> made
