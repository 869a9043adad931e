// Removing elements by walking backwards.
local a = [1, 2, 3, 4, 5, 6]
for (local i = a.len() - 1; i >= 0; i--) {
  if (a[i] % 2 == 0) a.remove(i)
}
local s = ""
foreach (v in a) s += v
print(s + "\n")
//> 135
---
// filter builds a new array instead.
local a = [1, 2, 3, 4, 5, 6]
local odd = a.filter(@(i, v) v % 2 == 1)
print(odd.len() + " " + a.len() + "\n")
//> 3 6
