// foreach over arrays, strings, tables and generators.
local s = ""
foreach (v in [3, 4, 5]) s += v
print(s + "\n")
//> 345
---
// Over a string: the values are the byte codes.
local codes = ""
foreach (i, c in "AB") codes += i + ":" + c + " "
print(codes + "|\n")
//> 0:65 1:66 |
---
// break and continue in foreach.
local s = ""
foreach (v in [1, 2, 3, 4, 5, 6]) {
  if (v == 2) continue
  if (v == 5) break
  s += v
}
print(s + "\n")
//> 134
---
// Values of other types cannot be iterated.
foreach (v in 5) print(v) ### "cannot iterate integer"
---
foreach (v in null) print(v) ### "cannot iterate null"
