// A for loop's variable is one variable: closures see its final value.
local fs = []
for (local i = 0; i < 3; i++) fs.append(function() { return i })
print(fs[0]() + " " + fs[1]() + " " + fs[2]() + "\n")
//> 3 3 3
---
// A local declared inside the loop body is fresh on each iteration.
local fs = []
for (local i = 0; i < 3; i++) {
  local j = i
  fs.append(function() { return j })
}
print(fs[0]() + " " + fs[1]() + " " + fs[2]() + "\n")
//> 0 1 2
---
// The same holds for foreach.
local fs = []
foreach (v in ["a", "b", "c"]) {
  local w = v
  fs.append(@() w)
}
print(fs[0]() + fs[1]() + fs[2]() + "\n")
//> abc
---
// Binding the value through a parameter also makes a copy.
local fs = []
local bind = function(n) { return @() n }
for (local i = 0; i < 3; i++) fs.append(bind(i * 10))
print(fs[0]() + " " + fs[1]() + " " + fs[2]() + "\n")
//> 0 10 20
