/*
 * bulkReward — what a seeder earns for bulk data served.
 * Convention (every rule): the file declares `function rule(facts)`. `facts` is a flat object of strings,
 * numbers, booleans and nulls; the rule returns a number (whole satoshis) or a flat object whose `satoshis`
 * member is that number. Sandbox: ES5, no CLR, no eval/Function, bounded time, statements, memory, stack;
 * `console.log` output is captured for dry runs.
 * Facts: bytes (bytes served; 1 MB = 1,000,000 bytes).
 * Reference: 100 satoshis per MB served, rounded down to whole satoshis.
 */
function rule(facts) {
  var bytes = typeof facts.bytes === 'number' && facts.bytes > 0 ? facts.bytes : 0;
  return Math.floor(bytes * 100 / 1000000);
}
