// strip, lstrip and rstrip remove white space.
print("[" + strip("  hi there \t\n") + "]\n")
//> [hi there]
print("[" + lstrip("  left  ") + "]\n")
//> [left  ]
print("[" + rstrip("  right  ") + "]\n")
//> [  right]
---
// Strings without surrounding space are unchanged.
print("[" + strip("x") + "][" + lstrip("y") + "][" + rstrip("z") + "]\n")
//> [x][y][z]
---
// Inner white space is kept.
print("[" + strip(" a  b ") + "]\n")
//> [a  b]
