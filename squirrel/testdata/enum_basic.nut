// Enumerations: values count from 0 unless given.
enum Color { Red, Green, Blue }
print(Color.Red + " " + Color.Green + " " + Color.Blue + "\n")
//> 0 1 2
---
enum Http { OK = 200, NotFound = 404, Teapot = 418 }
print(Http.OK + Http.NotFound + "\n")
//> 604
---
// String and float values.
enum Words { hello = "hi", pi = 3.5 }
print(Words.hello + " " + Words.pi + "\n")
//> hi 3.5
---
// The implicit counter only advances for members without a value.
enum Mixed { A, B = 10, C, D }
print(Mixed.A + " " + Mixed.B + " " + Mixed.C + " " + Mixed.D + "\n")
//> 0 10 1 2
---
// Enum values in expressions and switch cases.
enum Dir { North, East, South, West }
local d = Dir.South
switch (d) {
  case Dir.North: print("N\n"); break
  case Dir.South: print("S\n"); break
  default: print("?\n")
}
//> S
print((d == 2) + "\n")
//> true
---
// Negative values and newline separators.
enum Temps {
  Cold = -10
  Warm = 20
}
print(Temps.Cold + Temps.Warm + "\n")
//> 10
---
// A missing member is a compile error.
enum E { A }
print(E.B) ### "invalid constant"
---
// An enum cannot be used as a value by itself.
enum E { A }
local e = E ### "expected '.'"
