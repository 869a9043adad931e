// Integer literal forms: decimal, hexadecimal, octal and character.
print(1234 + "\n")
//> 1234
print(0x1F + "\n")
//> 31
print(0xff + "\n")
//> 255
print(0XAB + "\n")
//> 171
print(010 + "\n")
//> 8
print(0777 + "\n")
//> 511
print(0 + "\n")
//> 0
---
// A character literal is an integer.
print('a' + "\n")
//> 97
print('A' + 1 + "\n")
//> 66
print(typeof 'z' + "\n")
//> integer
print('\n' + "\n")
//> 10
print('\x41' + "\n")
//> 65
print('\\' + "\n")
//> 92
---
// Hex literals fill 32 bits and wrap into the signed range.
print(0x7FFFFFFF + "\n")
//> 2147483647
print(0xFFFFFFFF + "\n")
//> -1
print(0x80000000 + "\n")
//> -2147483648
---
// A leading zero followed by a non-octal digit is read as decimal.
print(09 + "\n")
//> 9
---
local x = 078 ### "invalid octal number"
---
local x = 0x123456789 ### "too many digits for an Hex number"
---
local c = '' ### "empty constant"
---
local c = 'ab' ### "constant too long"
