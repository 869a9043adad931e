// Breaking out of nested loops with a flag.
local found = null
local done = false
for (local i = 1; i <= 5 && !done; i++) {
  for (local j = 1; j <= 5; j++) {
    if (i * j == 12) {
      found = i + "x" + j
      done = true
      break
    }
  }
}
print(found + "\n")
//> 3x4
---
// continue in an inner loop does not affect the outer loop.
local s = ""
foreach (a in [1, 2]) {
  foreach (b in [1, 2, 3]) {
    if (b == 2) continue
    s += a + "" + b + " "
  }
}
print(s + "|\n")
//> 11 13 21 23 |
---
// Loops of different kinds nested.
local count = 0
local i = 0
while (i < 3) {
  do {
    foreach (v in [0, 1]) count++
  } while (false)
  i++
}
print(count + "\n")
//> 6
