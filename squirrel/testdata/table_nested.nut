// Building and updating nested tables.
local db = {}
db.users <- {}
db.users.alice <- { age = 30, tags = ["a"] }
db.users.bob <- { age = 25, tags = [] }
db.users.alice.age++
db.users.bob.tags.append("new")
print(db.users.alice.age + " " + db.users.bob.tags[0] + "\n")
//> 31 new
---
// Counting words with a table.
local words = split("the cat and the hat and the bat", " ")
local count = {}
foreach (w in words) {
  if (w in count) count[w]++
  else count[w] <- 1
}
local keys = []
foreach (k, v in count) keys.append(k)
keys.sort()
local s = ""
foreach (k in keys) s += k + "=" + count[k] + " "
print(s + "|\n")
//> and=2 bat=1 cat=1 hat=1 the=3 |
