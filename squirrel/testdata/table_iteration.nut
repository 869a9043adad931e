// Table iteration order is the hash order, so sort the keys to print them.
local t = { banana = 3, apple = 1, cherry = 2 }
local keys = []
foreach (k, v in t) keys.append(k)
keys.sort()
foreach (k in keys) print(k + "=" + t[k] + "\n")
//> apple=1
//> banana=3
//> cherry=2
---
// The sum of the values does not depend on the order.
local t = { a = 1, b = 2, c = 3, d = 4 }
local sum = 0
foreach (v in t) sum += v
print(sum + "\n")
//> 10
---
// Integer keys.
local t = {}
for (local i = 0; i < 10; i++) t[i] <- i * i
local total = 0
local count = 0
foreach (k, v in t) { total += v; count++ }
print(count + " " + total + "\n")
//> 10 285
---
// foreach over an empty table does nothing.
local n = 0
foreach (k, v in {}) n++
print(n + "\n")
//> 0
