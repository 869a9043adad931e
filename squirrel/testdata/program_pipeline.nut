// A lazy processing pipeline built from generators.
function source(arr) { foreach (v in arr) yield v }
function mapg(gen, f) { foreach (v in gen) yield f(v) }
function filterg(gen, p) { foreach (v in gen) if (p(v)) yield v }
function take(gen, n) {
  local out = []
  if (n <= 0) return out
  foreach (v in gen) {
    out.append(v)
    if (out.len() == n) break
  }
  return out
}
local result = take(filterg(mapg(source([1, 2, 3, 4, 5, 6, 7, 8]), @(x) x * x), @(x) x % 2 == 1), 3)
local s = ""
foreach (v in result) s += v + " "
print(s + "|\n")
//> 1 9 25 |
