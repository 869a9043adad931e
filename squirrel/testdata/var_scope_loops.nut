// Loop variables declared in a for header are scoped to the loop.
local i = 100
for (local i = 0; i < 3; i++) {}
print(i + "\n")
//> 100
---
// foreach variables are scoped to the loop too.
local v = "outer"
foreach (v in [1, 2, 3]) {}
print(v + "\n")
//> outer
---
// A for header may reuse an existing local instead of declaring one.
local k = 0
for (k = 0; k < 5; k++) {}
print(k + "\n")
//> 5
