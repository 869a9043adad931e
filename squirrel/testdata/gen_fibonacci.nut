// A Fibonacci generator consumed with resume and with foreach.
function fib() {
  local a = 0
  local b = 1
  while (true) {
    yield a
    local t = a + b
    a = b
    b = t
  }
}
local g = fib()
local s = ""
for (local i = 0; i < 10; i++) s += resume g + " "
print(s + "|\n")
//> 0 1 1 2 3 5 8 13 21 34 |
---
function fib() {
  local a = 0, b = 1
  while (true) { yield a; local t = a + b; a = b; b = t }
}
local last = 0
foreach (i, v in fib()) {
  if (i == 20) { last = v; break }
}
print(last + "\n")
//> 6765
