// regexp: match tests the whole string.
local r = regexp("[a-z]+")
print(r.match("abc") + " " + r.match("abc1") + " " + r.match("") + "\n")
//> true false false
print(typeof r + "\n")
//> regexp
---
// search finds the first match and returns its begin and end, or null.
local r = regexp("[0-9]+")
local m = r.search("abc 123 def 45")
print(m.begin + " " + m.end + "\n")
//> 4 7
local m2 = r.search("abc 123 def 45", 7)
print(m2.begin + " " + m2.end + "\n")
//> 12 14
print(r.search("none") + "\n")
//> null
---
// capture returns the whole match followed by each group.
local r = regexp(@"(\w+)=(\w+)")
local caps = r.capture("key=value")
print(caps.len() + "\n")
//> 3
local s = "key=value"
foreach (c in caps) print(s.slice(c.begin, c.end) + "\n")
//> key=value
//> key
//> value
print(r.subexpcount() + "\n")
//> 3
print(r.capture("no match here!") + "\n")
//> null
---
// Anchors, alternation and repetition.
local r = regexp("^(ab|cd)+$")
print(r.match("abcdab") + " " + r.match("abx") + "\n")
//> true false
local d = regexp(@"^\d\d?$")
print(d.match("7") + " " + d.match("42") + " " + d.match("123") + "\n")
//> true true false
---
// An invalid pattern is an error.
local r = regexp("(abc") ### "expected paren"
