// return from inside a try block.
function f() {
  try {
    return "from try"
  } catch (e) {
    return "from catch"
  }
  return "after"
}
print(f() + "\n")
//> from try
---
// break and continue inside try blocks within loops.
local out = ""
for (local i = 0; i < 5; i++) {
  try {
    if (i == 1) continue
    if (i == 3) break
    out += i
  } catch (e) {
    out += "E"
  }
}
print(out + "\n")
//> 02
---
// A try block inside a loop keeps working after a caught error.
local n = 0
foreach (v in [1, 0, 2, 0, 3]) {
  try {
    n += 6 / v
  } catch (e) {
    n += 100
  }
}
print(n + "\n")
//> 211
---
// The handler still works after an earlier break out of a try.
local r = ""
while (true) {
  try { break } catch (e) {}
}
try { throw "ok" } catch (e) { r = e }
print(r + "\n")
//> ok
