// The "hostile input (core)" table: each class of bench/hostile.inputs.ts analysed in a fresh
// process (so one class's memory never shows in another's), with its time, peak memory and
// what the core said. Issue 12's target: ≤ 2 s and ≤ 300 MB each.
import { spawnSync } from 'node:child_process';
import { analyzeDocument } from '../src/core/analyze';
import { HOSTILE_CLASSES } from './hostile.inputs';

const CHILD = 'GRADLENS_HOSTILE_CLASS';

interface ChildResult {
  ms: number;
  rssMb: number;
  heapMb: number;
  findings: number;
  /** Findings that say something was not read or not checked (parse-error, unsupported, skipped). */
  notChecked: number;
  limits: string[];
}

/** In a child process started by `hostileTable`: runs one class, prints its result, true. */
export function runHostileChild(): boolean {
  const name = process.env[CHILD];
  if (name === undefined) return false;
  const text = HOSTILE_CLASSES[name]();
  const document = { uri: 'hostile.md', version: 1, language: 'markdown' as const, text };
  const start = process.hrtime.bigint();
  const { findings } = analyzeDocument(document);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const limits = [...new Set(findings.map((f) => f.limit).filter((l) => l !== undefined))];
  const result: ChildResult = {
    ms,
    // maxRSS is in kB: the process's peak, node's own ~45 MB included
    rssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    findings: findings.length,
    notChecked: findings.filter((f) => f.verdict !== 'ok' && f.verdict !== 'mismatch').length,
    limits: limits as string[],
  };
  process.stdout.write(JSON.stringify(result));
  return true;
}

export function hostileTable(): string[][] {
  const rows = [
    [
      'class',
      'chars',
      'ms',
      'peak RSS MB',
      'heap after MB',
      'findings',
      'not checked',
      'limits hit',
    ],
  ];
  for (const [name, make] of Object.entries(HOSTILE_CLASSES)) {
    const child = spawnSync(process.execPath, [process.argv[1]], {
      env: { ...process.env, [CHILD]: name },
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 1 << 20,
    });
    const chars = String(make().length);
    if (child.status !== 0) {
      const why = child.error ? child.error.message : `exit ${child.status ?? child.signal}`;
      rows.push([name, chars, 'failed', why, '', '', '', '']);
      continue;
    }
    const r = JSON.parse(child.stdout) as ChildResult;
    rows.push([
      name,
      chars,
      r.ms.toFixed(0),
      r.rssMb.toFixed(0),
      r.heapMb.toFixed(0),
      String(r.findings),
      String(r.notChecked),
      r.limits.join(', ') || '—',
    ]);
  }
  return rows;
}
