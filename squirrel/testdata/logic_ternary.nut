// The conditional operator.
local x = 5
print((x > 3 ? "big" : "small") + "\n")
//> big
print((x > 10 ? "big" : "small") + "\n")
//> small
---
// Nested conditionals associate to the right.
local grade = function(n) { return n >= 90 ? "A" : n >= 80 ? "B" : "C" }
print(grade(95) + grade(85) + grade(10) + "\n")
//> ABC
---
// Only the chosen branch is evaluated.
local hits = []
local pick = true ? hits.append("yes") : hits.append("no")
print(hits.len() + " " + hits[0] + "\n")
//> 1 yes
---
// The condition uses Squirrel truthiness.
print((0 ? "t" : "f") + ("" ? "t" : "f") + (null ? "t" : "f") + "\n")
//> ftf
