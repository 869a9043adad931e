// Collatz sequence lengths.
function steps(n) {
  local c = 0
  while (n != 1) {
    n = (n % 2 == 0) ? n / 2 : 3 * n + 1
    c++
  }
  return c
}
print(steps(1) + " " + steps(6) + " " + steps(27) + "\n")
//> 0 8 111
local best = 0
local bestN = 0
for (local i = 1; i < 100; i++) {
  local s = steps(i)
  if (s > best) { best = s; bestN = i }
}
print(bestN + " " + best + "\n")
//> 97 118
