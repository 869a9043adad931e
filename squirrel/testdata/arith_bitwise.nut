// Bitwise and, or, xor, not.
print((12 & 10) + "\n")
//> 8
print((12 | 10) + "\n")
//> 14
print((12 ^ 10) + "\n")
//> 6
print(~12 + "\n")
//> -13
print((0xF0F0 & 0xFF00) + "\n")
//> 61440
print((-1 & 0xFF) + "\n")
//> 255
---
// Precedence: & binds tighter than ^, which binds tighter than |.
print((1 | 2 ^ 3 & 4) + "\n")
//> 3
print((6 & 3 | 8) + "\n")
//> 10
---
local f = 1.5
print(f & 1) ### "bitwise op between 'float' and 'integer'"
---
local s = "a"
print(1 | s) ### "bitwise op between 'integer' and 'string'"
