// printf-style flags.
print(format("[%+d] [%+d] [% d]", 5, -5, 7) + "\n")
//> [+5] [-5] [ 7]
print(format("[%#x] [%#o]", 255, 8) + "\n")
//> [0xff] [010]
print(format("[%08.3f] [%-8.2f]", 3.14159, 2.5) + "\n")
//> [0003.142] [2.50    ]
---
// Several values of mixed kinds.
print(format("%s has %d items costing %.2f", "cart", 3, 9.5) + "\n")
//> cart has 3 items costing 9.50
---
// Widths of more than two digits are rejected.
format("%100d", 1) ### "width format too long"
