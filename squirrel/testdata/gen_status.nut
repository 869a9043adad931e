// getstatus reports suspended, running or dead.
function g() {
  yield 1
}
local gen = g()
print(gen.getstatus() + "\n")
//> suspended
resume gen
print(gen.getstatus() + "\n")
//> suspended
resume gen
print(gen.getstatus() + "\n")
//> dead
---
// Inside the generator its own status is running.
local self = null
function g() {
  yield self.getstatus()
}
self = g()
print(resume self + "\n")
//> running
