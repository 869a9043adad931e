// Prefix and postfix ++ and -- on locals.
local i = 5
print(i++ + "\n")
//> 5
print(i + "\n")
//> 6
print(++i + "\n")
//> 7
print(i-- + "\n")
//> 7
print(--i + "\n")
//> 5
---
// On table slots and array elements.
local t = { n = 1 }
print(t.n++ + "\n")
//> 1
print(++t.n + "\n")
//> 3
local a = [10, 20]
a[0]++
--a[1]
print(a[0] + " " + a[1] + "\n")
//> 11 19
---
// On floats.
local f = 1.5
f++
print(f + "\n")
//> 2.5
---
// On captured outer locals.
local c = 0
local bump = function() { c++; return ++c }
print(bump() + "\n")
//> 2
print(c + "\n")
//> 2
---
// On globals.
::n <- 1
n++
++n
print(::n + "\n")
//> 3
---
local x = 1;
(x + 1)++ ### "can't '..' or '--' an expression"
