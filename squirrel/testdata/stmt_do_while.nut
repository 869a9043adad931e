// do-while runs the body at least once.
local n = 0
do {
  n++
} while (n < 3)
print(n + "\n")
//> 3
local m = 10
do { m++ } while (false)
print(m + "\n")
//> 11
---
// continue jumps to the condition.
local i = 0
local out = ""
do {
  i++
  if (i == 2) continue
  out += i
} while (i < 4)
print(out + "\n")
//> 134
---
// break leaves the loop.
local i = 0
do {
  if (i == 3) break
  i++
} while (true)
print(i + "\n")
//> 3
