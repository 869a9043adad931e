// A generator that consumes another generator.
function numbers(n) { for (local i = 1; i <= n; i++) yield i }
function squares(gen) { foreach (v in gen) yield v * v }
local s = ""
foreach (v in squares(numbers(4))) s += v + " "
print(s + "|\n")
//> 1 4 9 16 |
---
// Zipping two generators with resume.
function letters() { yield "a"; yield "b"; yield "c" }
function digits() { yield 1; yield 2; yield 3 }
local l = letters()
local d = digits()
local out = ""
for (local i = 0; i < 3; i++) out += (resume l) + (resume d)
print(out + "\n")
//> a1b2c3
