// switch with break, fallthrough and default.
function name(n) {
  local r = ""
  switch (n) {
    case 1:
      r = "one"
      break
    case 2:
    case 3:
      r = "two or three"
      break
    default:
      r = "other"
  }
  return r
}
print(name(1) + ", " + name(2) + ", " + name(3) + ", " + name(9) + "\n")
//> one, two or three, two or three, other
---
// Without break, execution falls through into the next case.
local log = ""
switch (1) {
  case 1: log += "a"
  case 2: log += "b"
  case 3: log += "c"; break
  case 4: log += "d"
}
print(log + "\n")
//> abc
---
// String cases.
function kind(s) {
  switch (s) {
    case "apple": return "fruit"
    case "carrot": return "vegetable"
  }
  return "unknown"
}
print(kind("apple") + " " + kind("carrot") + " " + kind("rock") + "\n")
//> fruit vegetable unknown
---
// Cases are compared with ==, so 1 matches 1.0.
local r = "none"
switch (1.0) {
  case 1: r = "int case"; break
  default: r = "default"
}
print(r + "\n")
//> int case
---
// Case expressions can be computed at run time.
local target = 6
local hit = "no"
switch (target) {
  case 2 * 3: hit = "yes"; break
}
print(hit + "\n")
//> yes
---
// No matching case and no default does nothing.
local x = "unchanged"
switch (5) {
  case 1: x = "changed"
}
print(x + "\n")
//> unchanged
---
// continue inside a switch applies to the enclosing loop.
local s = ""
foreach (v in [1, 2, 3]) {
  switch (v) {
    case 2: continue
  }
  s += v
}
print(s + "\n")
//> 13
