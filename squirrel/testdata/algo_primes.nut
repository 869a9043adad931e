// Sieve of Eratosthenes.
local n = 50
local sieve = array(n + 1, true)
sieve[0] = false
sieve[1] = false
for (local i = 2; i * i <= n; i++) {
  if (sieve[i]) {
    for (local j = i * i; j <= n; j += i) sieve[j] = false
  }
}
local primes = []
foreach (i, isPrime in sieve) if (isPrime) primes.append(i)
local s = ""
foreach (p in primes) s += p + " "
print(s + "|\n")
//> 2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 |
print(primes.len() + "\n")
//> 15
