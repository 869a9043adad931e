// Calling a function containing yield creates a generator; resume runs it
// to the next yield.
function counter(n) {
  for (local i = 1; i <= n; i++) yield i
  return "done"
}
local g = counter(2)
print(typeof g + "\n")
//> generator
print(resume g + "\n")
//> 1
print(resume g + "\n")
//> 2
print(resume g + "\n")
//> done
---
// Resuming a finished generator is an error.
function once() { yield 1 }
local g = once()
resume g
resume g
resume g ### "resuming dead generator"
---
// The body does not run until the first resume.
function lazy2() { ::flag <- true; yield 1 }
local g = lazy2()
print(("flag" in getroottable()) + "\n")
//> false
resume g
print(::flag + "\n")
//> true
---
// Only generators can be resumed.
local x = 5
resume x ### "only genenerator can be resumed"
