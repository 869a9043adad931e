// if / else if / else.
function classify(n) {
  if (n < 0) return "neg"
  else if (n == 0) return "zero"
  else return "pos"
}
print(classify(-3) + classify(0) + classify(8) + "\n")
//> negzeropos
---
// Blocks and nesting.
local x = 5
if (x > 1) {
  if (x > 3) {
    print("big\n")
  } else {
    print("medium\n")
  }
}
//> big
---
// Conditions use truthiness.
if ("") print("empty string is true\n")
//> empty string is true
if (0.0) print("never\n")
if (null) print("never\n")
else print("null is false\n")
//> null is false
---
// A semicolon can end the then-branch on the same line.
local y = 0
if (true) y = 1; else y = 2
print(y + "\n")
//> 1
