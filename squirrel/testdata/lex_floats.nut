// Float literals, with and without exponents.
print(1.5 + "\n")
//> 1.5
print(0.25 + "\n")
//> 0.25
print(typeof 1.0 + "\n")
//> float
print(1.0 + "\n")
//> 1
print(1.5e3 + "\n")
//> 1500
print(2.5e-1 + "\n")
//> 0.25
print(1e2 + "\n")
//> 100
print(typeof 1e2 + "\n")
//> float
print(1E3 + "\n")
//> 1000
---
// %g formatting of floats when converted to strings.
print(1000000.0 + "\n")
//> 1e+06
print(100000.0 + "\n")
//> 100000
print(0.0001 + "\n")
//> 0.0001
print(0.00001 + "\n")
//> 1e-05
print(1e20 + "\n")
//> 1e+20
print(-2.5 + "\n")
//> -2.5
print(3.14159 + "\n")
//> 3.14159
---
local x = 1e ### "exponent expected"
