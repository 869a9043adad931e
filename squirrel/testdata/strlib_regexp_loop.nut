// Finding every match by searching from the end of the previous one.
local r = regexp("[0-9]+")
local text = "a1 bb22 ccc333 d"
local found = []
local pos = 0
while (true) {
  local m = r.search(text, pos)
  if (m == null) break
  found.append(text.slice(m.begin, m.end))
  pos = m.end
}
print(found.len() + " " + found[0] + " " + found[1] + " " + found[2] + "\n")
//> 3 1 22 333
---
// Character classes.
local r = regexp(@"^\s*\w+\s*$")
print(r.match("  word  ") + " " + r.match("two words") + "\n")
//> true false
local hex = regexp("^[0-9a-fA-F]+$")
print(hex.match("DEADbeef") + " " + hex.match("xyz") + "\n")
//> true false
