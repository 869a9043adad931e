// Blocks create scopes; locals from an inner block end with it.
local a = "outer"
{
  local a = "inner"
  {
    local a = "innermost"
    print(a + "\n")
    //> innermost
  }
  print(a + "\n")
  //> inner
}
print(a + "\n")
//> outer
---
// Assignments to outer locals from inner blocks are visible after.
local x = 1
{
  x = 2
  {
    x += 10
  }
}
print(x + "\n")
//> 12
---
// Closures created in separate block iterations capture separate locals.
local fns = []
local i = 0
while (i < 3) {
  local captured = i * 100
  fns.append(@() captured)
  i++
}
print(fns[0]() + " " + fns[1]() + " " + fns[2]() + "\n")
//> 0 100 200
