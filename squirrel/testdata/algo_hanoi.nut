// Towers of Hanoi: count the moves and show the first few.
local moves = []
function hanoi(n, from, to, via) {
  if (n == 0) return
  hanoi(n - 1, from, via, to)
  moves.append(from + to)
  hanoi(n - 1, via, to, from)
}
hanoi(4, "A", "C", "B")
print(moves.len() + " " + moves[0] + " " + moves[1] + " " + moves[2] + " " + moves.top() + "\n")
//> 15 AB AC BC BC
