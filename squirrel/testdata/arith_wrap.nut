// Integers are 32-bit signed and wrap around.
local big = 2147483647
print(big + 1 + "\n")
//> -2147483648
local small = -2147483648
print(small - 1 + "\n")
//> 2147483647
---
local x = 65536
print(x * x + "\n")
//> 0
print(x * 32768 + "\n")
//> -2147483648
---
local m = 0x7FFFFFFF
m++
print(m + "\n")
//> -2147483648
m--
print(m + "\n")
//> 2147483647
---
local n = -2147483648
print(-n + "\n")
//> -2147483648
---
local acc = 1
for (local i = 0; i < 40; i++) acc *= 3
print(acc + "\n")
//> 689956897
