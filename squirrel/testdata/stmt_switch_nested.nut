// Nested switches: break leaves only the innermost.
function classify(a, b) {
  local r = ""
  switch (a) {
    case 1:
      switch (b) {
        case 1: r = "1-1"; break
        default: r = "1-?"
      }
      r += "!"
      break
    default:
      r = "?"
  }
  return r
}
print(classify(1, 1) + " " + classify(1, 5) + " " + classify(2, 1) + "\n")
//> 1-1! 1-?! ?
---
// Locals declared in a case are scoped to that case.
local out = ""
switch (2) {
  case 1:
    local v = "one"
    out = v
    break
  case 2:
    local v = "two"
    out = v
    break
}
print(out + "\n")
//> two
---
// The switch expression is evaluated once.
local calls = 0
local get = function() { calls++; return 3 }
switch (get()) {
  case 1: break
  case 2: break
  case 3: break
}
print(calls + "\n")
//> 1
