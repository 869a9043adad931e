// Arrays of arrays.
local m = []
for (local r = 0; r < 3; r++) {
  local row = []
  for (local c = 0; c < 3; c++) row.append(r * 3 + c)
  m.append(row)
}
print(m[1][2] + " " + m[2][0] + " " + m.len() + "\n")
//> 5 6 3
---
// Transpose.
local m = [[1, 2, 3], [4, 5, 6]]
local t = []
for (local c = 0; c < 3; c++) {
  local row = []
  foreach (r in m) row.append(r[c])
  t.append(row)
}
print(t.len() + " " + t[0][1] + " " + t[2][0] + "\n")
//> 3 4 3
---
// Rows created with array(n, []) share the same array.
local grid = array(2, [])
grid[0].append("x")
print(grid[1].len() + "\n")
//> 1
