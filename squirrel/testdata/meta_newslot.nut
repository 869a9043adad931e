// _newslot intercepts <- on a table whose delegate defines it.
local created = []
local t = {}
t.setdelegate({
  _newslot = function(k, v) {
    created.append(k)
    this.rawset(k, v + 1)
  }
})
t.a <- 1
t.b <- 10
print(created.len() + " " + t.a + " " + t.b + "\n")
//> 2 2 11
---
// Updating an existing slot with <- does not call _newslot.
local n = 0
local t = { a = 1 }
t.setdelegate({ _newslot = function(k, v) { n++ } })
t.a <- 5
print(n + " " + t.a + "\n")
//> 0 5
---
// Instances with _newslot accept <-.
class Open {
  extra = null
  constructor() { extra = {} }
  function _newslot(k, v) { extra[k] <- v }
}
local o = Open()
o.thing <- 3
print(o.extra.thing + "\n")
//> 3
