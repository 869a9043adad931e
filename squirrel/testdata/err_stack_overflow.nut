// Unbounded recursion exhausts the stack.
function down(n) { return down(n + 1) + 1 }
down(0) ### "stack overflow"
