// Function statements, calls and return values.
function add(a, b) { return a + b }
print(add(2, 3) + "\n")
//> 5
---
// A function without return gives null.
function nothing() {}
print(nothing() + "\n")
//> null
function early(x) {
  if (x) return "early"
  return "late"
}
print(early(true) + " " + early(false) + "\n")
//> early late
---
// Function expressions are values.
local mul = function(a, b) { return a * b }
local add2 = function(a, b) { return a + b }
local ops = [mul, add2]
print(ops[0](3, 4) + " " + ops[1](3, 4) + "\n")
//> 12 7
---
// Wrong argument counts are errors.
function two(a, b) { return a }
two(1) ### "wrong number of parameters"
---
function two(a, b) { return a }
two(1, 2, 3) ### "wrong number of parameters"
---
// Calling null.
local f = null
f() ### "attempt to call 'null'"
---
// Calling other non-callable values.
local n = 5
n() ### "attempt to call 'integer'"
