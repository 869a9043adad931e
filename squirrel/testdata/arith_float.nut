// Float arithmetic and int/float mixing.
print(1.5 + 2.25 + "\n")
//> 3.75
print(7.0 / 2 + "\n")
//> 3.5
print(7 / 2.0 + "\n")
//> 3.5
print(typeof (1 + 1.0) + "\n")
//> float
print(2 * 0.5 + "\n")
//> 1
print(typeof (2 * 0.5) + "\n")
//> float
print(0.5 - 1 + "\n")
//> -0.5
---
// % on floats uses fmod.
print(7.5 % 2 + "\n")
//> 1.5
print(-7.5 % 2 + "\n")
//> -1.5
print(typeof (7 % 2.0) + "\n")
//> float
---
// Float division by zero does not raise an error.
local z = 0.0
local r = 1 / z
print(typeof r + "\n")
//> float
print((r > 1000000) + "\n")
//> true
---
// Floats converted to integers truncate.
print((2.9).tointeger() + "\n")
//> 2
print((-2.9).tointeger() + "\n")
//> -2
