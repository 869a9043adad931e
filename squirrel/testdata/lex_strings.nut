// Escape sequences in ordinary strings.
print("a\tb" + "|\n")
//> a	b|
print("back\\slash" + "\n")
//> back\slash
print("say \"hi\"" + "\n")
//> say "hi"
print("it\'s" + "\n")
//> it's
// 3.0.4 reads up to four hex digits after \x and keeps the low byte:
// "\x42C" is 0x42C, the byte 0x2C, a comma.
print("\x41\x42C" + "\n")
//> A,
print("line1\nline2" + "\n")
//> line1
//> line2
---
// \0 is a real byte inside the string.
local s = "a\0b"
print(s.len() + "\n")
//> 3
print(s[1] + "\n")
//> 0
print(s[2] + "\n")
//> 98
---
// \x reads up to four hex digits and keeps the low byte.
local s = "\x41"
print(s.len() + "\n")
//> 1
print(s[0] + "\n")
//> 65
---
// Other single-character escapes.
print("\a\b\f\r\v".len() + "\n")
//> 5
print("\r"[0] + "," + "\v"[0] + "," + "\f"[0] + "\n")
//> 13,11,12
---
local s = "bad \q escape" ### "unrecognised escaper char"
---
local s = "\xZZ" ### "hexadecimal number expected"
