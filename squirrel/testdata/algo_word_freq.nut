// Word frequencies, sorted by count then by word.
local text = "a rose is a rose is a rose"
local counts = {}
foreach (w in split(text, " ")) counts[w] <- (w in counts) ? counts[w] + 1 : 1
local entries = []
foreach (w, c in counts) entries.append({ w = w, c = c })
entries.sort(function(x, y) {
  if (x.c != y.c) return y.c - x.c
  return x.w < y.w ? -1 : 1
})
foreach (e in entries) print(e.w + " " + e.c + "\n")
//> a 3
//> rose 3
//> is 2
