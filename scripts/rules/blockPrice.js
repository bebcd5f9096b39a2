function rule(facts) { return 17; }
