// The extremes of the 32-bit range.
local max = 2147483647
local min = -2147483648
print(max + " " + min + "\n")
//> 2147483647 -2147483648
print((max > min) + "\n")
//> true
print((min - 1 > 0) + "\n")
//> true
---
// Converting large floats to integers is not checked; small ones are exact.
print((1000000.0).tointeger() + "\n")
//> 1000000
print((-1000000.0).tointeger() + "\n")
//> -1000000
---
// Integer multiplication wraps, float multiplication does not.
local a = 100000
print(a * a + "\n")
//> 1410065408
print((a * 1.0 * a > 0) + "\n")
//> true
