// _typeof overrides the typeof operator.
class Money {
  function _typeof() { return "money" }
}
print(typeof Money() + "\n")
//> money
---
local t = {}
t.setdelegate({ _typeof = function() { return "custom" } })
print(typeof t + "\n")
//> custom
print(type(t) + "\n")
//> table
