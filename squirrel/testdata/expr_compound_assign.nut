// Compound assignment on locals.
local x = 10
x += 5
print(x + "\n")
//> 15
x -= 3
print(x + "\n")
//> 12
x *= 2
print(x + "\n")
//> 24
x /= 5
print(x + "\n")
//> 4
x %= 3
print(x + "\n")
//> 1
---
// On table slots and array elements.
local t = { n = 1 }
t.n += 10
t["n"] *= 2
print(t.n + "\n")
//> 22
local a = [1, 2, 3]
a[1] += 40
a[2] -= 5
print(a[0] + "," + a[1] + "," + a[2] + "\n")
//> 1,42,-2
---
// += concatenates strings.
local s = "ab"
s += "cd"
s += 1
print(s + "\n")
//> abcd1
---
// Compound assignment yields the new value.
local v = 1
local w = (v += 4)
print(v + " " + w + "\n")
//> 5 5
---
// On globals.
::g <- 7
g += 3
print(::g + "\n")
//> 10
---
// Int and float mixing.
local f = 1
f += 0.5
print(f + " " + typeof f + "\n")
//> 1.5 float
