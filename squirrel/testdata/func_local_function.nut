// local function declares a function in a local variable.
local function double(x) { return x * 2 }
print(double(21) + "\n")
//> 42
print(("double" in getroottable()) + "\n")
//> false
---
// The name is bound only after the function is created, so the body cannot
// refer to itself through it: the name is looked up in the root table.
local function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) }
print(fact(1) + "\n")
//> 1
print(fact(3)) ### "the index 'fact' does not exist"
---
// A local function can call other locals declared before it.
local function inc(x) { return x + 1 }
local function inc2(x) { return inc(inc(x)) }
print(inc2(5) + "\n")
//> 7
