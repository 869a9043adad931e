// Shifts: << and >> are arithmetic, >>> is logical.
print((1 << 4) + "\n")
//> 16
print((1 << 31) + "\n")
//> -2147483648
print((256 >> 4) + "\n")
//> 16
print((-16 >> 2) + "\n")
//> -4
print((-1 >> 1) + "\n")
//> -1
print((-1 >>> 1) + "\n")
//> 2147483647
print((-16 >>> 28) + "\n")
//> 15
print((16 >>> 2) + "\n")
//> 4
---
// Shifts bind more loosely than + and -.
print((1 << 2 + 1) + "\n")
//> 8
print((64 >> 1 + 1) + "\n")
//> 16
---
// ...and more tightly than comparisons.
print((1 << 3 == 8) + "\n")
//> true
