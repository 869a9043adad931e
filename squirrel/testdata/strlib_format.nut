// format with integer conversions.
print(format("%d|%5d|%-5d|%05d", 42, 42, 42, 42) + "\n")
//> 42|   42|42   |00042
print(format("%x %X %o", 255, 255, 8) + "\n")
//> ff FF 10
print(format("%c%c", 72, 105) + "\n")
//> Hi
print(format("%d", -7) + "\n")
//> -7
---
// Strings.
print(format("[%s] [%8s] [%-8s]", "ab", "ab", "ab") + "\n")
//> [ab] [      ab] [ab      ]
---
// Floats.
print(format("%.2f %5.1f %f", 3.14159, 2.3, 1.5) + "\n")
//> 3.14   2.3 1.500000
print(format("%g %e", 0.5, 12345.678) + "\n")
//> 0.5 1.234568e+04
---
// %% and text without conversions.
print(format("100%% sure") + "\n")
//> 100% sure
print(format("no args") + "\n")
//> no args
---
// Numbers are converted between integer and float as needed.
print(format("%d %.1f", 3.9, 2) + "\n")
//> 3 2.0
---
// Argument errors.
format("%d %d", 1) ### "not enough paramters for the given format string"
---
format("%s", 1) ### "string expected for the specified format"
---
format("%d", "x") ### "integer expected for the specified format"
---
format("%f", "x") ### "float expected for the specified format"
---
format("%z", 1) ### "invalid format"
