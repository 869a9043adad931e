// A generator keeps its locals between resumes.
function acc() {
  local total = 0
  local step = 1
  while (true) {
    total += step
    step *= 2
    yield total
  }
}
local g = acc()
print(resume g + " " + resume g + " " + resume g + " " + resume g + "\n")
//> 1 3 7 15
---
// Generators see outer variables by reference.
local limit = 2
function upTo() {
  for (local i = 0; i < limit; i++) yield i
}
limit = 4
local n = 0
foreach (v in upTo()) n++
print(n + "\n")
//> 4
---
// Generators are separate from each other even when they share an outer.
local shared = []
function pusher(tag) {
  while (true) { shared.append(tag); yield }
}
local a = pusher("a")
local b = pusher("b")
resume a
resume b
resume a
local s = ""
foreach (v in shared) s += v
print(s + "\n")
//> aba
