/*
 * stake — what a seeder locks to register as a seeder.
 * Convention (every rule): the file declares `function rule(facts)`. `facts` is a flat object of strings,
 * numbers, booleans and nulls; the rule returns a number (whole satoshis) or a flat object whose `satoshis`
 * member is that number. Sandbox: ES5, no CLR, no eval/Function, bounded time, statements, memory, stack;
 * `console.log` output is captured for dry runs.
 * Facts: none used.
 * Reference: 100,000 satoshis to register as a seeder.
 */
function rule(facts) {
  return 100000;
}
