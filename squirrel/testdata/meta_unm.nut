// _unm implements unary minus.
class V {
  x = 0
  constructor(v) { x = v }
  function _unm() { return V(-x) }
}
local v = -V(5)
print(v.x + "\n")
//> -5
---
local t = { n = 3 }
t.setdelegate({ _unm = function() { return "neg" + this.n } })
print(-t + "\n")
//> neg3
