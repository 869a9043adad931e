// Inner functions can assign outer locals; the outer scope sees the change.
local total = 0
local add = function(n) { total = total + n }
add(3)
add(4)
print(total + "\n")
//> 7
---
// Changes made by the outer scope after the closure was created are seen.
local greeting = "hello"
local say = @() greeting
greeting = "bye"
print(say() + "\n")
//> bye
---
// Two closures over a loop-body local share it within one iteration.
local getters = []
local setters = []
foreach (i in [0, 1]) {
  local v = i
  getters.append(@() v)
  setters.append(function(x) { v = x })
}
setters[0](50)
print(getters[0]() + " " + getters[1]() + "\n")
//> 50 1
