// while loops.
local i = 0
local s = 0
while (i < 5) {
  s += i
  i++
}
print(s + " " + i + "\n")
//> 10 5
---
// break and continue.
local i = 0
local out = ""
while (true) {
  i++
  if (i % 2 == 0) continue
  if (i > 7) break
  out += i
}
print(out + "\n")
//> 1357
---
// A false condition skips the body entirely.
local ran = false
while (false) ran = true
print(ran + "\n")
//> false
