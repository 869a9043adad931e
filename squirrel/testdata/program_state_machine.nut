// A traffic light state machine using an enum and a switch.
enum Light { Red, Green, Yellow }
function next(state) {
  switch (state) {
    case Light.Red: return Light.Green
    case Light.Green: return Light.Yellow
    case Light.Yellow: return Light.Red
  }
  throw "bad state"
}
local names = ["red", "green", "yellow"]
local s = Light.Red
local out = ""
for (local i = 0; i < 5; i++) {
  out += names[s] + " "
  s = next(s)
}
print(out + "|\n")
//> red green yellow red green |
try { next(9) } catch (e) { print(e + "\n") }
//> bad state
