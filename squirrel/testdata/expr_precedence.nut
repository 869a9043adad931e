// Arithmetic precedence.
print(2 + 3 * 4 + "\n")
//> 14
print((2 + 3) * 4 + "\n")
//> 20
print(10 - 4 - 3 + "\n")
//> 3
print(100 / 10 / 5 + "\n")
//> 2
print(2 * 3 % 4 + "\n")
//> 2
print(-2 * -3 + "\n")
//> 6
---
// Comparison binds tighter than equality, equality tighter than &.
print((1 < 2 == true) + "\n")
//> true
print(((5 & 3) == 1) + "\n")
//> true
---
// Assignment is right associative.
local a = 0
local b = 0
a = b = 4
print(a + " " + b + "\n")
//> 4 4
---
// typeof applies to the following operand only.
print(typeof 1 + "x" + "\n")
//> integerx
---
// ! binds tighter than ==.
print((!1 == false) + "\n")
//> true
