// Default parameter values.
function greet(name, greeting = "hello") { return greeting + " " + name }
print(greet("bob") + "\n")
//> hello bob
print(greet("bob", "hi") + "\n")
//> hi bob
---
function f(a, b = 2, c = 3) { return a + "," + b + "," + c }
print(f(1) + "\n")
//> 1,2,3
print(f(1, 20) + "\n")
//> 1,20,3
print(f(1, 20, 30) + "\n")
//> 1,20,30
---
// The required parameters must still be given.
function f(a, b = 2) { return a }
f() ### "wrong number of parameters"
---
// Default values are evaluated when the function is created.
local d = 1
local f = function(x = d) { return x }
d = 2
print(f() + "\n")
//> 1
---
// A parameter without default after one with a default is an error.
function bad(a = 1, b) {} ### "expected '='"
---
// Default parameters cannot be combined with varargs.
function bad(a = 1, ...) {} ### "function with default parameters cannot have variable number of parameters"
