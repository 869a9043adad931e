// call and pcall take the 'this' value first, then the arguments.
local obj = { offset = 100 }
local f = function(a, b) { return this.offset + a + b }
print(f.call(obj, 1, 2) + "\n")
//> 103
print(f.pcall(obj, 10, 20) + "\n")
//> 130
---
// acall and pacall take an array: this first, then the arguments.
local f = function(a, b) { return this.k + a * b }
print(f.acall([{ k = 1 }, 3, 4]) + "\n")
//> 13
print(f.pacall([{ k = 2 }, 5, 5]) + "\n")
//> 27
---
// Argument count checks still apply.
local f = function(a) { return a }
f.call({}, 1, 2) ### "wrong number of parameters"
---
// Errors raised by the called function propagate through call.
local f = function() { throw "inner" }
try {
  f.call(this)
} catch (e) {
  print(e + "\n")
}
//> inner
