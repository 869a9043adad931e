// Rounding helpers built from floor and ceil.
local round = @(x) math.floor(x + 0.5)
print(round(2.4) + " " + round(2.5) + " " + round(-2.4) + "\n")
//> 2 3 -2
print(math.floor(5) + " " + typeof math.floor(5) + "\n")
//> 5 float
print(math.floor(7.9).tointeger() + "\n")
//> 7
---
// Integer division versus floating division.
print(7 / 2 + " " + math.floor(7 / 2.0) + " " + math.ceil(7 / 2.0) + "\n")
//> 3 3 4
---
// abs works on integers; fabs on floats.
print(math.abs(-3) + " " + math.abs(3) + " " + math.fabs(-0.5) + "\n")
//> 3 3 0.5
