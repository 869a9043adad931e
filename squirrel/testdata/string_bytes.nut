// Strings are byte sequences: UTF-8 text counts bytes.
local s = "h\xC3\xA9!"
print(s.len() + "\n")
//> 4
print(s.slice(0, 1) + s.slice(3) + "\n")
//> h!
---
// Strings can hold any byte, including zero.
local z = "\x00\x01\x02"
print(z.len() + " " + z[0] + z[1] + z[2] + "\n")
//> 3 012
---
// Equality of strings containing zero bytes compares all their bytes.
local s = "a\0b"
print(s.len() + " " + (s == "a\0b") + "\n")
//> 3 true
