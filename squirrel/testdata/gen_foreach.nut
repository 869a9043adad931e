// foreach drives a generator; the index counts from 0 and the final return
// value is not part of the iteration.
function letters() {
  yield "a"
  yield "b"
  yield "c"
  return "end"
}
foreach (i, v in letters()) print(i + ":" + v + "\n")
//> 0:a
//> 1:b
//> 2:c
---
// An infinite generator with break.
function naturals() {
  local n = 0
  while (true) yield n++
}
local sum = 0
foreach (v in naturals()) {
  if (v > 10) break
  sum += v
}
print(sum + "\n")
//> 55
---
// Generators with parameters and closures.
function filtered(arr, pred) {
  foreach (v in arr) if (pred(v)) yield v
}
local out = ""
foreach (v in filtered([1, 2, 3, 4, 5, 6], @(x) x % 2 == 0)) out += v
print(out + "\n")
//> 246
---
// A generator that yields nothing.
function empty() { return 1 }
function empty2() { if (false) yield 1 }
local n = 0
foreach (v in empty2()) n++
print(n + "\n")
//> 0
