// Forwarding varargs with acall.
function target(a, b, c) { return a + b + c }
function forward(...) {
  local args = [this]
  args.extend(vargv)
  return target.acall(args)
}
print(forward(1, 2, 3) + "\n")
//> 6
---
// vargv is an ordinary array that can be modified.
function f(...) {
  vargv.append("extra")
  return vargv.len() + ":" + vargv.top()
}
print(f(1) + "\n")
//> 2:extra
---
// Lambdas can be varargs too.
local count = @(...) vargv.len()
print(count(1, 2, 3, 4) + "\n")
//> 4
