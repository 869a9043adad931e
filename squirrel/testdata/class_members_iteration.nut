// foreach over a class lists its members (in hash order: sort the names).
class C {
  a = 1
  b = 2
  function m() {}
}
local names = []
foreach (k, v in C) names.append(k)
names.sort()
local s = ""
foreach (n in names) s += n + " "
print(s + "|\n")
//> a b m |
---
// An instance without _nexti cannot be iterated.
class C { a = 1 }
foreach (k, v in C()) print(k) ### "_nexti failed"
