// Constants are usable in nested functions, classes and default values.
const SIZE = 4
const LABEL = "item"
class Container {
  cap = SIZE
  function describe(n = SIZE) { return LABEL + "x" + n }
}
local c = Container()
print(c.cap + " " + c.describe() + " " + c.describe(2) + "\n")
//> 4 itemx4 itemx2
---
// A constant shadows a global of the same name declared with <-.
::MAXV <- "global"
const MAXV = "const"
print(MAXV + " " + ::MAXV + "\n")
//> const global
---
// A local declared after a constant shadows it.
const V = 1
local V = 2
print(V + "\n")
//> 2
