/*
 * proofReward — what a seeder earns for serving merkle proofs.
 * Convention (every rule): the file declares `function rule(facts)`. `facts` is a flat object of strings,
 * numbers, booleans and nulls; the rule returns a number (whole satoshis) or a flat object whose `satoshis`
 * member is that number. Sandbox: ES5, no CLR, no eval/Function, bounded time, statements, memory, stack;
 * `console.log` output is captured for dry runs.
 * Facts: proofs (default 1), latencyMs (time to serve), seeders (seeders of the block).
 * Reference: 100 satoshis per proof, +10 when served in under 500 ms, +50 when the block has fewer than 3 seeders.
 */
function rule(facts) {
  var proofs = typeof facts.proofs === 'number' ? facts.proofs : 1;
  var perProof = 100;
  if (typeof facts.latencyMs === 'number' && facts.latencyMs < 500) {
    perProof += 10;
  }
  if (typeof facts.seeders === 'number' && facts.seeders < 3) {
    perProof += 50;
  }
  return perProof * proofs;
}
