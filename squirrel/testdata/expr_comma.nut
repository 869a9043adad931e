// The comma operator evaluates left to right and yields the last value.
local x = (1, 2, 3)
print(x + "\n")
//> 3
---
local a = 0
local b = (a = 5, a * 2)
print(a + " " + b + "\n")
//> 5 10
---
// Commas in for loop headers.
local out = ""
for (local i = 0, j = 5; i < j; i++, j--) out += i + ":" + j + " "
print(out + "|\n")
//> 0:5 1:4 2:3 |
