// Local declarations, multiple per statement, default null.
local a = 1, b = 2, c
print(a + " " + b + " " + c + "\n")
//> 1 2 null
---
// Inner blocks shadow and do not leak.
local x = 1
{
  local x = 2
  print(x + "\n")
  //> 2
}
print(x + "\n")
//> 1
---
// A local declared in a block is gone after it: the name then refers to
// the root table.
{
  local hidden = 5
}
print(hidden) ### "the index 'hidden' does not exist"
---
// Locals shadow globals.
::v <- "global"
local v = "local"
print(v + " " + ::v + "\n")
//> local global
---
// Reassigning a local changes its type freely.
local z = 1
z = "now a string"
print(typeof z + "\n")
//> string
