// Lambda expressions: @(params) expression.
local sq = @(x) x * x
print(sq(7) + "\n")
//> 49
local add = @(a, b) a + b
print(add(2, 3) + "\n")
//> 5
local k = @() "const"
print(k() + "\n")
//> const
---
// Lambdas capture outer locals.
local factor = 3
local scale = @(x) x * factor
print(scale(5) + "\n")
//> 15
---
// Lambdas as arguments.
local a = [1, 2, 3]
print(a.map(@(v) v + 1).reduce(@(s, v) s + v) + "\n")
//> 9
---
// A lambda body can be a conditional expression.
local sign = @(x) x < 0 ? -1 : x > 0 ? 1 : 0
print(sign(-5) + " " + sign(0) + " " + sign(9) + "\n")
//> -1 0 1
