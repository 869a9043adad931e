// foreach over a string yields index and byte code.
local s = "hey"
local out = ""
foreach (i, c in s) out += i + ":" + c.tochar() + " "
print(out + "|\n")
//> 0:h 1:e 2:y |
---
// Counting characters.
local vowels = 0
foreach (c in "programming language") {
  switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': vowels++
  }
}
print(vowels + "\n")
//> 7
---
// Building a reversed string.
local s = "stressed"
local r = ""
for (local i = s.len() - 1; i >= 0; i--) r += s[i].tochar()
print(r + "\n")
//> desserts
