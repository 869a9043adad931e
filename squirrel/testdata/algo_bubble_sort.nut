// A hand-written bubble sort, compared with the built-in sort.
function bubble(a) {
  local n = a.len()
  for (local i = 0; i < n; i++) {
    for (local j = 0; j < n - 1 - i; j++) {
      if (a[j] > a[j + 1]) {
        local t = a[j]
        a[j] = a[j + 1]
        a[j + 1] = t
      }
    }
  }
  return a
}
local data = [9, 4, 7, 1, 8, 2, 6, 3, 5]
local copy = clone data
bubble(data)
copy.sort()
local s = ""
foreach (i, v in data) {
  s += v
  if (v != copy[i]) s += "!"
}
print(s + "\n")
//> 123456789
