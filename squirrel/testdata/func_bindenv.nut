// bindenv returns a copy of the function whose 'this' is fixed.
local a = { name = "a" }
local b = { name = "b" }
local f = function() { return this.name }
local fa = f.bindenv(a)
print(fa() + "\n")
//> a
print(fa.call(b) + "\n")
//> a
print(f.call(b) + "\n")
//> b
---
// A bound function stored in another table keeps its environment.
local env = { v = 1 }
local holder = { v = 2 }
holder.get <- (function() { return v }).bindenv(env)
print(holder.get() + "\n")
//> 1
---
// Binding to an instance.
class C {
  x = 5
}
local c = C()
local getx = (function() { return x * 2 }).bindenv(c)
print(getx() + "\n")
//> 10
---
// The environment must be a table, class or instance.
local f = function() {}
f.bindenv(5) ### "has an invalid type"
