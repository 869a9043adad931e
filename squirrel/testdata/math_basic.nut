// The math library.
print(math.sqrt(16) + " " + typeof math.sqrt(16) + "\n")
//> 4 float
print(math.pow(2, 10) + "\n")
//> 1024
print(math.floor(2.7) + " " + math.ceil(2.1) + "\n")
//> 2 3
print(math.floor(-2.5) + " " + math.ceil(-2.5) + "\n")
//> -3 -2
print(typeof math.floor(2.5) + "\n")
//> float
print(math.fabs(-2.5) + "\n")
//> 2.5
print(math.abs(-7) + " " + typeof math.abs(-7) + "\n")
//> 7 integer
---
print(math.sin(0) + " " + math.cos(0) + " " + math.tan(0) + "\n")
//> 0 1 0
print(math.exp(0) + " " + math.log(1) + " " + math.log10(1000) + "\n")
//> 1 0 3
print(math.atan2(0, 1) + " " + math.atan(0) + "\n")
//> 0 0
print(math.asin(0) + " " + math.acos(1) + "\n")
//> 0 0
---
// PI and trigonometry.
print(math.PI + "\n")
//> 3.14159
print(format("%.4f", math.sin(math.PI / 2)) + "\n")
//> 1.0000
print(format("%.3f", math.sqrt(2)) + "\n")
//> 1.414
---
// rand returns integers between 0 and RAND_MAX.
local ok = true
for (local i = 0; i < 100; i++) {
  local r = math.rand()
  if (typeof r != "integer" || r < 0 || r > math.RAND_MAX) ok = false
}
print(ok + "\n")
//> true
---
// Integer arguments are accepted where floats are expected.
print(math.sqrt(9) + math.pow(3, 2) + "\n")
//> 12
---
// Arguments must be numbers.
math.sqrt("x") ### "has an invalid type"
