// Sorting values that cannot be ordered is an error.
local a = [1, "a", 2]
a.sort() ### "comparison between"
---
// null sorts before everything else.
local a = [3, null, 1]
a.sort()
print(a[0] + " " + a[1] + " " + a[2] + "\n")
//> null 1 3
