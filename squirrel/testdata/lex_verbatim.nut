// Verbatim strings: backslashes are literal, "" is a quote, newlines are kept.
local s = @"C:\dir\file"
print(s + "\n")
//> C:\dir\file
print(s.len() + "\n")
//> 11
---
local s = @"say ""hello"""
print(s + "\n")
//> say "hello"
---
local s = @"first
second"
print(s + "\n")
//> first
//> second
print(s.len() + "\n")
//> 12
---
local s = @"\n"
print(s.len() + "\n")
//> 2
print(s[0] + "\n")
//> 92
