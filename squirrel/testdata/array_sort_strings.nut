// Sorting strings case-insensitively with a comparator.
local words = ["banana", "Apple", "cherry", "apricot"]
words.sort(function(a, b) {
  local x = a.tolower()
  local y = b.tolower()
  return x < y ? -1 : x > y ? 1 : 0
})
local s = ""
foreach (w in words) s += w + " "
print(s + "|\n")
//> Apple apricot banana cherry |
---
// Sorting by length, then alphabetically.
local words = ["ccc", "a", "bb", "aa", "b"]
words.sort(function(a, b) {
  if (a.len() != b.len()) return a.len() - b.len()
  return a < b ? -1 : 1
})
local s = ""
foreach (w in words) s += w + " "
print(s + "|\n")
//> a b aa bb ccc |
---
// Reverse order with reverse() after sort().
local n = [4, 2, 5, 1]
n.sort()
n.reverse()
print(n[0] + "" + n[1] + n[2] + n[3] + "\n")
//> 5421
