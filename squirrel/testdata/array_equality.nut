// Arrays compare by identity.
local a = [1, 2]
local b = a
local c = [1, 2]
print((a == b) + " " + (a == c) + " " + (a != c) + "\n")
//> true false true
---
// Comparing contents needs a loop.
local same = function(x, y) {
  if (x.len() != y.len()) return false
  foreach (i, v in x) if (v != y[i]) return false
  return true
}
print(same([1, 2, 3], [1, 2, 3]) + " " + same([1, 2], [1, 3]) + "\n")
//> true false
---
// Arrays can be table keys (by identity).
local k1 = []
local k2 = []
local t = {}
t[k1] <- "first"
t[k2] <- "second"
print(t[k1] + " " + t[k2] + " " + t.len() + "\n")
//> first second 2
