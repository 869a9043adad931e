// print converts each kind of scalar.
print(-0.5)
print("|")
print(1e10)
print("|")
print(123456789)
print("|")
print(true)
print("\n")
//> -0.5|1e+10|123456789|true
---
// print of a class instance uses _tostring when present.
class P { function _tostring() { return "P-instance" } }
print(P())
print("\n")
//> P-instance
---
// Calling print with no argument is an error.
print() ### "wrong number of parameters"
