// Ordering values of unrelated types is an error.
local a = 1
local b = "x"
print(a < b) ### "comparison between '1' and 'x'"
---
local t = {}
print("before\n")
//> before
local r = t < 5 ### "comparison between 'table' and '5'"
---
try {
  local r = [] > 1.5
} catch (e) {
  print(e + "\n")
}
//> comparison between 'array' and '1.5'
---
local r = true < 1 ### "comparison between"
