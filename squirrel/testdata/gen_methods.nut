// Generators as methods keep access to 'this'.
class Tree {
  items = null
  constructor() { items = [3, 1, 2] }
  function each() {
    foreach (v in items) yield v * 10
  }
}
local t = Tree()
local s = ""
foreach (v in t.each()) s += v + " "
print(s + "|\n")
//> 30 10 20 |
---
// Two independent generators from the same function.
function count() { local i = 0; while (true) yield i++ }
local a = count()
local b = count()
resume a
resume a
print(resume a + " " + resume b + "\n")
//> 2 0
---
// An error inside a generator propagates to the resumer and kills it.
function bad() {
  yield 1
  throw "gen failed"
}
local g = bad()
resume g
try {
  resume g
} catch (e) {
  print(e + " " + g.getstatus() + "\n")
}
//> gen failed dead
