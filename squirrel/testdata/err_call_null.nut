// Calling a null value.
local t = { f = null }
t.f() ### "attempt to call 'null'"
---
local x = null
print("ready\n")
//> ready
x(1, 2) ### "attempt to call 'null'"
---
// Calling a string.
local s = "text"
s() ### "attempt to call 'string'"
---
// Calling an array element that is not a function.
local a = [1]
a[0]() ### "attempt to call 'integer'"
