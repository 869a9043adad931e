// Enum values are constants inlined at compile time.
enum Level { Low = 1, Mid = 5, High = 10 }
function describe(l) {
  if (l >= Level.High) return "high"
  if (l >= Level.Mid) return "mid"
  return "low"
}
print(describe(Level.Low) + " " + describe(7) + " " + describe(Level.High) + "\n")
//> low mid high
---
// Enums used as array indexes and table keys.
enum Slot { A, B, C }
local arr = ["a", "b", "c"]
local t = {}
t[Slot.C] <- "see"
print(arr[Slot.B] + " " + t[2] + "\n")
//> b see
---
// Enums are not in the root table.
enum Hidden { X }
print(("Hidden" in getroottable()) + "\n")
//> false
