// Unary minus, logical not and bitwise not.
local a = 5
print(-a + "\n")
//> -5
print(- -a + "\n")
//> 5
local f = 2.5
print(-f + "\n")
//> -2.5
print(!a + "\n")
//> false
print(!0 + "\n")
//> true
print(!null + "\n")
//> true
print(~a + "\n")
//> -6
print(~0 + "\n")
//> -1
print(~-1 + "\n")
//> 0
---
// Unary minus binds tighter than binary operators.
local x = 3
print(-x * 2 + "\n")
//> -6
print(10 - -x + "\n")
//> 13
---
local t = {}
print(-t) ### "attempt to negate a table"
---
local f = 1.5
print(~f) ### "attempt to perform a bitwise op on a float"
