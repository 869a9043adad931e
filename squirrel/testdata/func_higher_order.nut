// Functions taking and returning functions.
local compose = function(f, g) { return @(x) f(g(x)) }
local inc = @(x) x + 1
local dbl = @(x) x * 2
print(compose(inc, dbl)(5) + " " + compose(dbl, inc)(5) + "\n")
//> 11 12
---
// Currying.
local add = @(a) @(b) a + b
local add5 = add(5)
print(add5(10) + " " + add(1)(2) + "\n")
//> 15 3
---
// Applying a function n times.
local times = function(f, n, x) {
  for (local i = 0; i < n; i++) x = f(x)
  return x
}
print(times(@(v) v * 3, 4, 1) + "\n")
//> 81
---
// Functions stored in a table, dispatched by name.
local ops = {
  add = @(a, b) a + b
  sub = @(a, b) a - b
  mul = @(a, b) a * b
}
local s = ""
foreach (name in ["add", "sub", "mul"]) s += ops[name](6, 3) + " "
print(s + "|\n")
//> 9 3 18 |
