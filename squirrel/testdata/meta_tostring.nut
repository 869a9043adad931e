// _tostring is used by print, tostring() and string concatenation.
class Temp {
  deg = 0
  constructor(d) { deg = d }
  function _tostring() { return deg + "C" }
}
local t = Temp(21)
print(t)
print("\n")
//> 21C
print(t.tostring() + "\n")
//> 21C
print("it is " + t + "\n")
//> it is 21C
---
// On a table through its delegate.
local t = { v = 1 }
t.setdelegate({ _tostring = function() { return "T" + this.v } })
print(t + "!\n")
//> T1!
