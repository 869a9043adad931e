// for loops with all header parts.
local s = ""
for (local i = 0; i < 4; i++) s += i
print(s + "\n")
//> 0123
---
// Empty header parts.
local i = 0
for (;;) {
  if (++i >= 5) break
}
print(i + "\n")
//> 5
---
// continue runs the increment.
local s = ""
for (local i = 0; i < 6; i++) {
  if (i % 3 == 0) continue
  s += i
}
print(s + "\n")
//> 1245
---
// Nested loops with break affecting only the inner loop.
local pairs = 0
for (local a = 0; a < 4; a++) {
  for (local b = 0; b < 4; b++) {
    if (b > a) break
    pairs++
  }
}
print(pairs + "\n")
//> 10
---
// Counting down.
local s = ""
for (local i = 3; i > 0; i--) s += i
print(s + "\n")
//> 321
