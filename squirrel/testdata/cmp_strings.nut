// Strings compare by bytes.
print(("abc" < "abd") + "\n")
//> true
print(("abc" < "ab") + "\n")
//> false
print(("ab" < "abc") + "\n")
//> true
print(("Z" < "a") + "\n")
//> true
print(("abc" == "abc") + "\n")
//> true
print(("abc" != "ABC") + "\n")
//> true
print(("10" < "9") + "\n")
//> true
---
local a = "hel"
local b = a + "lo"
print((b == "hello") + "\n")
//> true
print((b >= "hello") + "\n")
//> true
