// Statements are separated by newlines or semicolons.
local a = 1; local b = 2
print(a + b + "\n")
//> 3
---
local a = 1 local b = 2 ### "end of statement expected .; or lf."
---
// An expression may continue on the next line after a binary operator.
local x = 1 +
  2 +
  3
print(x + "\n")
//> 6
---
// A line starting with a binary minus continues the previous expression.
local y = 10
-4
print(y + "\n")
//> 6
---
// A call's parenthesis on the next line still calls.
local f = function(x) { return x * 2 }
local z = f
(21)
print(z + "\n")
//> 42
