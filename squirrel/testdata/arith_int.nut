// Integer arithmetic.
print(2 + 3 + "\n")
//> 5
print(10 - 15 + "\n")
//> -5
print(6 * 7 + "\n")
//> 42
print(7 / 2 + "\n")
//> 3
print(7 % 3 + "\n")
//> 1
print(typeof (7 / 2) + "\n")
//> integer
---
// Integer division truncates toward zero; % takes the sign of the dividend.
print(-7 / 2 + "\n")
//> -3
print(7 / -2 + "\n")
//> -3
print(-7 % 3 + "\n")
//> -1
print(7 % -3 + "\n")
//> 1
print(-8 / 2 + "\n")
//> -4
---
local a = 100
local b = 7
print(a / b * b + a % b + "\n")
//> 100
