// tointeger and tofloat parse numbers at the start of the string.
print("42".tointeger() + 1 + "\n")
//> 43
print("-17".tointeger() + "\n")
//> -17
print("3.75".tofloat() + "\n")
//> 3.75
print(typeof "3".tofloat() + "\n")
//> float
print("1e3".tofloat() + "\n")
//> 1000
print("2.9".tointeger() + "\n")
//> 2
print("12abc".tointeger() + "\n")
//> 12
---
// tostring returns the string itself.
local s = "same"
print(s.tostring() + "\n")
//> same
---
"abc".tointeger() ### "cannot convert the string"
---
"".tofloat() ### "cannot convert the string"
---
try {
  "x1".tointeger()
} catch (e) {
  print(e + "\n")
}
//> cannot convert the string
