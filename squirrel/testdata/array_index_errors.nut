// Reading past the end is an error.
local a = [1, 2, 3]
print(a[10]) ### "the index '10' does not exist"
---
// Negative indexes are not allowed.
local a = [1, 2, 3]
print(a[-1]) ### "the index '-1' does not exist"
---
// Writing past the end is an error.
local a = [1]
a[5] = 1 ### "the index '5' does not exist"
---
// Arrays cannot be indexed for writing with strings.
local a = [1]
a["x"] = 1 ### "indexing array with string"
---
// Nor can new slots be created on them.
local a = [1]
a.x <- 1 ### "indexing array with string"
---
// A missing member name is a missing index.
local a = [1]
print(a.nosuchmethod) ### "the index 'nosuchmethod' does not exist"
---
try {
  local a = []
  a[0] = 1
} catch (e) {
  print(e + "\n")
}
//> the index '0' does not exist
