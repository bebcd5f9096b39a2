/*
 * blockPrice — what a leecher pays a seeder for blocks it received.
 * Convention (every rule): the file declares `function rule(facts)`. `facts` is a flat object of strings,
 * numbers, booleans and nulls; the rule returns a number (whole satoshis) or a flat object whose `satoshis`
 * member is that number. Sandbox: ES5, no CLR, no eval/Function, bounded time, statements, memory, stack;
 * `console.log` output is captured for dry runs.
 * Facts: blocks (number of 16 KiB blocks, default 1).
 * Reference: 17 satoshis per 16 KiB block.
 */
function rule(facts) {
  var blocks = typeof facts.blocks === 'number' ? facts.blocks : 1;
  return 17 * blocks;
}
