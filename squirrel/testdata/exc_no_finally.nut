// Squirrel 3.0.4 has no 'finally': after a try/catch, 'finally' is just an
// identifier and the block that follows is a syntax error.
try {
} catch (e) {
}
finally {} ### "end of statement expected"
---
// try without catch is a syntax error.
try { local x = 1 }
local y = 2 ### "expected 'catch'"
