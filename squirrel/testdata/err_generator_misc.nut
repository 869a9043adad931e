// A generator that returned is dead and cannot be resumed.
function g() { return 1; yield 2 }
local gen = g()
print(resume gen + "\n")
//> 1
print(gen.getstatus() + "\n")
//> dead
resume gen ### "resuming dead generator"
---
// A generator stopped by an error is dead too.
function bad() { throw "x"; yield 1 }
local gen = bad()
try { resume gen } catch (e) { print(e + "\n") }
//> x
resume gen ### "resuming dead generator"
---
// foreach over a dead generator does nothing.
function one() { yield 1 }
local gen = one()
resume gen
resume gen
local n = 0
foreach (v in gen) n++
print(n + " " + gen.getstatus() + "\n")
//> 0 dead
