// Comparisons between integers and floats compare the values.
print((3 == 3.0) + " " + (3 < 3.5) + " " + (3.5 < 4) + " " + (-1 > -1.5) + "\n")
//> true true true true
print((0 == 0.0) + " " + (0 == -0.0) + "\n")
//> true true
print((2 <= 2.0) + " " + (2 >= 2.0) + "\n")
//> true true
---
// Equal values of different numeric types find each other in arrays.
local a = [1.0, 2.0]
print(a.find(2) + "\n")
//> 1
---
// Table keys are not unified: 1 and 1.0 are different keys.
local t = {}
t[1] <- "int"
print((1.0 in t) + " " + (1 in t) + "\n")
//> false true
