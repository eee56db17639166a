// Runs the given Node scripts one after another, each to its end, and exits
// with the first non-zero status among them. A benchmark made of several
// scripts (bench:drills: the review loop, then the review screen) reports
// every figure even when one of them is over its budget: with `a && b`, a
// budget missed by the first hid the second's figures.
import { spawnSync } from 'node:child_process';

let status = 0;
for (const script of process.argv.slice(2)) {
  const run = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  const code = run.status ?? 1;
  if (code !== 0) console.error(`${script} exited with ${run.signal ?? code}`);
  if (status === 0) status = code;
}
process.exit(status);
