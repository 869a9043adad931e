break ### "'break' has to be in a loop block"
---
continue ### "'continue' has to be in a loop block"
---
// break is allowed in a switch; continue in a switch outside a loop is not.
switch (1) {
  case 1: continue ### "'continue' has to be in a loop block"
}
---
// A break inside a function inside a loop does not see the loop.
while (true) {
  local f = function() { break } ### "'break' has to be in a loop block"
}
