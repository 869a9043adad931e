// Functions called through a table get the table as 'this'.
local t = {
  n = 1
  get = function() { return this.n }
  getImplicit = function() { return n }
}
print(t.get() + " " + t.getImplicit() + "\n")
//> 1 1
---
// A plain call passes the caller's 'this'; at top level that is the root table.
::n <- "root n"
local f = function() { return this.n }
print(f() + "\n")
//> root n
---
// Storing a function in another table changes its 'this'.
local a = { n = "a", f = function() { return n } }
local b = { n = "b" }
b.f <- a.f
print(a.f() + b.f() + "\n")
//> ab
---
// Writing through 'this' inside a table function.
local counter = { value = 0, inc = function() { value++ } }
counter.inc()
counter.inc()
print(counter.value + "\n")
//> 2
