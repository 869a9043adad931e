// Integer division by zero raises an error.
local a = 10
local b = 0
print("before\n")
//> before
print(a / b) ### "division by zero"
---
local a = 10
local b = 0
try {
  a = a / b
} catch (e) {
  print(e + "\n")
}
//> division by zero
print(a + "\n")
//> 10
---
// Compound division on a slot goes through the same check.
local t = { v = 5 }
try {
  t.v /= 0
} catch (e) {
  print(e + "\n")
}
//> division by zero
---
// Compound modulo on a slot reports modulo by zero.
local t = { v = 5 }
try {
  t.v %= 0
} catch (e) {
  print(e + "\n")
}
//> modulo by zero
