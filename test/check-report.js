#!/usr/bin/env node
// Fails the run when vitest skipped anything or ran nothing: a skipped test
// hides a failure as well as a failed one shows it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const file = path.join(__dirname, '..', '.vitest-report.json');
let report;
try {
  report = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`check-report: cannot read ${file}: ${e.message}`);
  process.exit(1);
}
const skipped = (report.numPendingTests || 0) + (report.numTodoTests || 0);
const total = report.numTotalTests || 0;
if (!total) {
  console.error('check-report: no tests ran');
  process.exit(1);
}
if (skipped) {
  const names = [];
  for (const s of report.testResults || []) {
    for (const t of s.assertionResults || []) {
      if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') names.push(`${path.relative(process.cwd(), s.name)} > ${t.fullName}`);
    }
  }
  console.error(`check-report: ${skipped} skipped or todo test(s):\n  ${names.join('\n  ')}`);
  process.exit(1);
}
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`);
process.exit(report.numFailedTests ? 1 : 0);
