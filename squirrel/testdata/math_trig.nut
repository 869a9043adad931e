// Trigonometric identities, printed with limited precision.
local x = 0.7
print(format("%.4f", math.sin(x) * math.sin(x) + math.cos(x) * math.cos(x)) + "\n")
//> 1.0000
print(format("%.4f %.4f", math.sin(math.PI / 6), math.cos(math.PI / 3)) + "\n")
//> 0.5000 0.5000
print(format("%.4f", math.atan2(1, 1) * 4) + "\n")
//> 3.1416
print(format("%.3f", math.tan(math.PI / 4)) + "\n")
//> 1.000
---
// Exponentials and logarithms.
print(format("%.4f %.4f", math.exp(1), math.log(math.exp(2))) + "\n")
//> 2.7183 2.0000
print(math.pow(10, 3) + " " + math.pow(2, -1) + " " + math.pow(9, 0.5) + "\n")
//> 1000 0.5 3
