// Euclid's algorithm, recursive and iterative.
function gcd(a, b) { return b == 0 ? a : gcd(b, a % b) }
function gcdLoop(a, b) {
  while (b != 0) {
    local t = b
    b = a % b
    a = t
  }
  return a
}
print(gcd(48, 18) + " " + gcdLoop(48, 18) + " " + gcd(17, 5) + " " + gcd(100, 75) + "\n")
//> 6 6 1 25
function lcm(a, b) { return a / gcd(a, b) * b }
print(lcm(4, 6) + " " + lcm(21, 6) + "\n")
//> 12 42
