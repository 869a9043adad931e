// ... collects extra arguments into the array vargv.
function count(...) { return vargv.len() }
print(count() + " " + count(1) + " " + count(1, 2, 3) + "\n")
//> 0 1 3
---
function sum(first, ...) {
  local s = first
  foreach (v in vargv) s += v
  return s
}
print(sum(1) + " " + sum(1, 2, 3, 4) + "\n")
//> 1 10
print(typeof (function(...) { return vargv })() + "\n")
//> array
---
function f(a, b, ...) { return a + b + vargv.len() }
print(f(1, 2, "x", "y") + "\n")
//> 5
---
// The fixed parameters are still required.
function f(a, b, ...) { return a }
f(1) ### "wrong number of parameters"
---
// vargv elements can be indexed.
function pick(i, ...) { return vargv[i] }
print(pick(1, "a", "b", "c") + "\n")
//> b
