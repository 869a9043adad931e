// Building strings in loops.
local s = ""
for (local i = 0; i < 5; i++) s += i
print(s + " " + s.len() + "\n")
//> 01234 5
---
// Joining an array with a separator.
local parts = ["a", "b", "c"]
local joined = ""
foreach (i, p in parts) joined += (i ? "-" : "") + p
print(joined + "\n")
//> a-b-c
---
// Repeating a string.
local rep = function(str, n) {
  local r = ""
  while (n-- > 0) r += str
  return r
}
print(rep("ab", 3) + "|" + rep("x", 0) + "|\n")
//> ababab||
---
// Padding with format.
print(format("%-6s|%6s|", "ab", "cd") + "\n")
//> ab    |    cd|
