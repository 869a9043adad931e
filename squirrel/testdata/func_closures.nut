// Closures capture outer locals by reference.
local x = 1
local f = function() { return x }
x = 2
print(f() + "\n")
//> 2
---
// A closure can modify the captured local.
local count = 0
local inc = function() { count += 1 }
inc()
inc()
print(count + "\n")
//> 2
---
// Counter factories: each call makes a fresh captured variable.
function counter() {
  local n = 0
  return function() { return ++n }
}
local a = counter()
local b = counter()
a()
a()
print(a() + " " + b() + "\n")
//> 3 1
---
// Two closures sharing one variable.
function pair() {
  local v = 0
  return { get = function() { return v }, set = function(x) { v = x } }
}
local p = pair()
p.set(42)
print(p.get() + "\n")
//> 42
---
// Captured variables survive the function that declared them.
function make(s) {
  local prefix = s + ":"
  return @(x) prefix + x
}
local f = make("id")
print(f(7) + "\n")
//> id:7
---
// Nested closures reach through several levels.
function outer() {
  local a = 1
  return function() {
    local b = 2
    return function() { return a + b }
  }
}
print(outer()()() + "\n")
//> 3
