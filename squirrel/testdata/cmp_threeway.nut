// The <=> operator returns -1, 0 or 1 for numbers.
print((1 <=> 2) + "\n")
//> -1
print((2 <=> 2) + "\n")
//> 0
print((3 <=> 2) + "\n")
//> 1
print((1.5 <=> 1) + "\n")
//> 1
print((1 <=> 1.0) + "\n")
//> 0
print((-5 <=> 5) + "\n")
//> -1
---
// For strings only the sign is meaningful.
print((("a" <=> "b") < 0) + "\n")
//> true
print((("b" <=> "a") > 0) + "\n")
//> true
print(("abc" <=> "abc") + "\n")
//> 0
---
// <=> binds like == (looser than <).
print((1 < 2 <=> true) + "\n")
//> 0
