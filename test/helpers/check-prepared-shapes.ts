import { checkPreparedShapes } from '../../db/repositories/prepare-once.ts';

// Every test file runs with the guard on: a statement prepared once under a name that another shape of statement also
// uses throws at once, wherever the suite reaches it (db/repositories/prepare-once.ts).
checkPreparedShapes(true);
